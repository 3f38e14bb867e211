package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
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
     * @param vertx   whose event loops own the connections
     * @param broker  receives the membership events
     * @param config  bounds the rooms in all and per connection; each member's queue and overflow policy
     * @param metrics counts rooms and overflow
     */
    public CommsRoom(Vertx vertx, EventBroker broker, CommsConfig config, CommsMetrics metrics) {
        super(vertx, config.maxRooms(), config.maxRoomsPerConnection(), config.memberQueue(), config.overflow(),
                metrics);
        this.broker = broker;
        metrics.observeRooms(this);
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
