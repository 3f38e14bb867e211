package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.missioncontrol.redis.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HQ's comms channel: the application's one {@link BroadcastGroup} of {@code /comms} connections. Every
 * membership change is published as {@code comms.joined} / {@code comms.left} with the room's member count: in
 * this process, or with {@code transport=redis} across every instance ({@link RedisRoomRelay}).
 */
@Startup
@ApplicationScoped
public class CommsRoom extends BroadcastGroup {

    /** The room every connection joins on open. */
    public static final String HQ = "hq";

    private final EventBroker broker;
    private final RedisRoomRelay relay;

    /**
     * @param vertx     whose event loops own the connections
     * @param broker    receives the membership events
     * @param config    bounds the rooms in all and per connection; each member's queue and overflow policy
     * @param metrics   counts rooms and overflow
     * @param transport {@code local}: rooms of this process; {@code redis}: rooms shared by every instance
     * @param redis     the Redis relay, created only with {@code transport=redis}
     */
    public CommsRoom(Vertx vertx, EventBroker broker, CommsConfig config, CommsMetrics metrics,
            @ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<RedisRoomRelay> redis) {
        super(vertx, config.maxRooms(), config.maxRoomsPerConnection(), config.memberQueue(), config.overflow(),
                metrics);
        this.broker = broker;
        metrics.observeRooms(this);
        this.relay = transport == Transport.REDIS ? redis.get() : null;
        if (relay != null) {
            relay.start(this::deliverLocally);
        }
    }

    /**
     * Broadcasts to the room's members here, or, with Redis, to its members on every instance: the message goes
     * through Redis and each instance (this one included) delivers it when Redis hands it back, so every member
     * hears it once.
     *
     * @return the room's members in this process
     */
    @Override
    public int broadcast(String room, String message) {
        if (relay == null) {
            return super.broadcast(room, message);
        }
        relay.publish(room, message);
        return members(room);
    }

    @Override
    protected void joined(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay == null ? null : relay.joined(room, id), EventPayload.CommsJoined::of);
    }

    @Override
    protected void left(String room, int members, WebSocketConnection connection) {
        String id = connection.id();
        announce(room, members, id, relay == null ? null : relay.left(room, id), EventPayload.CommsLeft::of);
    }

    /** A membership event: {@code comms.joined} or {@code comms.left}. */
    private interface Announcement {
        EventPayload of(String room, int members, String connection);
    }

    /**
     * Publishes a membership event with the room's member count: this process's, or, with Redis, the count across
     * every instance once Redis has it (this process's if Redis could not be asked).
     */
    private void announce(String room, int members, String id, Future<Integer> acrossInstances, Announcement event) {
        if (acrossInstances == null) {
            broker.publish(event.of(room, members, id));
            return;
        }
        acrossInstances.onComplete(count -> broker.publish(event.of(room,
                count.succeeded() ? count.result() : members, id)));
    }
}
