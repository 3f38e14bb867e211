package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * HQ's comms channel: the application's one {@link BroadcastGroup} of {@code /comms} connections. Every
 * membership change is published as {@code comms.joined} / {@code comms.left} with the room's member count.
 */
@Startup
@ApplicationScoped
public class CommsRoom extends BroadcastGroup {

    /** The room every connection joins on open. */
    public static final String HQ = "hq";

    private final EventBroker broker;

    /**
     * @param broker receives the membership events
     * @param config bounds the rooms in all and per connection
     */
    public CommsRoom(EventBroker broker, CommsConfig config) {
        super(config.maxRooms(), config.maxRoomsPerConnection());
        this.broker = broker;
    }

    @Override
    protected void joined(String room, int members, WebSocketConnection connection) {
        broker.publish(EventPayload.CommsJoined.of(room, members, connection.id()));
    }

    @Override
    protected void left(String room, int members, WebSocketConnection connection) {
        broker.publish(EventPayload.CommsLeft.of(room, members, connection.id()));
    }
}
