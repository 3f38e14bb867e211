package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;

/**
 * HQ's comms channel: the application's one {@link BroadcastGroup} of {@code /comms} connections. Every
 * membership change is published as {@code comms.joined} / {@code comms.left} with the room's member count: in
 * the room's member count, which the {@link RoomRelay} keeps: in this process, or across every instance.
 */
@Startup
@ApplicationScoped
public class CommsRoom extends BroadcastGroup {

    /** The room every connection joins on open. */
    public static final String HQ = "hq";

    private final EventBroker broker;
    private final RoomRelay relay;

    /**
     * @param vertx     whose event loops own the connections
     * @param broker    receives the membership events
     * @param config    bounds the rooms in all and per connection; each member's queue and overflow policy
     * @param metrics   counts rooms and overflow
     * @param relay     where room messages and member counts come from, as the transport chose
     */
    public CommsRoom(Vertx vertx, EventBroker broker, CommsConfig config, CommsMetrics metrics, RoomRelay relay) {
        super(
                vertx,
                config.maxRooms(),
                config.maxRoomsPerConnection(),
                config.memberQueue(),
                config.overflow(),
                metrics);
        this.broker = broker;
        metrics.observeRooms(this);
        this.relay = relay;
        relay.start(this::deliverLocally);
    }

    /**
     * Broadcasts to the room's members through the relay: here, or, with Redis, on every instance, where each
     * instance (this one included) delivers it when Redis hands it back, so every member hears it once.
     *
     * @return the room's members in this process
     */
    @Override
    public int broadcast(String room, String message) {
        relay.publish(room, message);
        return members(room);
    }

    @Override
    protected void joined(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay.joined(room, id, members), EventPayload.CommsJoined::of);
    }

    @Override
    protected void left(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay.left(room, id, members), EventPayload.CommsLeft::of);
    }

    /** A membership event: {@code comms.joined} or {@code comms.left}. */
    private interface Announcement {
        EventPayload of(String room, int members, String connection);
    }

    /**
     * Publishes a membership event with the room's member count as the relay gives it (this process's if the relay
     * could not count).
     */
    private void announce(String room, int members, String id, CompletionStage<Integer> count, Announcement event) {
        count.whenComplete((all, failure) -> broker.publish(event.of(room, failure == null ? all : members, id)));
    }
}
