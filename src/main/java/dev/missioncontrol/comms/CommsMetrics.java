package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.OverflowMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Singleton;

/**
 * The comms meters: {@code mission_control_comms_connections} (open now), {@code mission_control_comms_rooms}
 * (existing now), {@code mission_control_comms_chats_delivered_total} (chats published to their room),
 * {@code mission_control_comms_chats_not_delivered_total} (chats refused to their sender with {@code not delivered}),
 * {@code mission_control_comms_chats_replayed_total} (retained chats sent by a resume or {@code history}),
 * {@code mission_control_comms_rate_limited_total} (frames refused for rate),
 * {@code mission_control_comms_dropped_total} (room messages a slow member lost to {@code drop-oldest}) and
 * {@code mission_control_comms_overflow_disconnects_total} (members closed with 1013 under {@code disconnect}).
 */
@Startup
@Singleton
public class CommsMetrics implements OverflowMeter {

    private final MeterRegistry registry;
    private final Counter delivered;
    private final Counter notDelivered;
    private final Counter replayed;
    private final Counter rateLimited;
    private final Counter dropped;
    private final Counter disconnects;

    /**
     * @param registry    where the meters are registered
     * @param connections the open comms connections
     */
    public CommsMetrics(MeterRegistry registry, OpenConnections connections) {
        this.registry = registry;
        Gauge.builder(
                        "mission_control.comms.connections",
                        connections,
                        c -> c.listAll().size())
                .description("Open comms WebSocket connections")
                .register(registry);
        dropped = Counter.builder("mission_control.comms.dropped")
                .description("Room messages dropped from slow members' queues (overflow drop-oldest)")
                .register(registry);
        disconnects = Counter.builder("mission_control.comms.overflow.disconnects")
                .description("Comms connections closed with 1013 because their queue was full (overflow disconnect)")
                .register(registry);
        delivered = Counter.builder("mission_control.comms.chats.delivered")
                .description("Chats published to their room")
                .register(registry);
        notDelivered = Counter.builder("mission_control.comms.chats.not.delivered")
                .description("Chats refused to their sender as not delivered (Redis unreachable)")
                .register(registry);
        replayed = Counter.builder("mission_control.comms.chats.replayed")
                .description("Retained chats sent to members by a resume or a history request")
                .register(registry);
        rateLimited = Counter.builder("mission_control.comms.rate.limited")
                .description("Comms frames refused for exceeding max-messages-per-second")
                .register(registry);
    }

    /** @param rooms the rooms whose count {@code mission_control_comms_rooms} reports */
    public void observeRooms(BroadcastGroup rooms) {
        Gauge.builder("mission_control.comms.rooms", rooms, BroadcastGroup::roomCount)
                .strongReference(true)
                .description("Comms rooms that exist now")
                .register(registry);
    }

    /** Counts one room message dropped from a slow member's queue. */
    @Override
    public void dropped() {
        dropped.increment();
    }

    /** Counts one member closed because its queue was full. */
    @Override
    public void overflowDisconnect() {
        disconnects.increment();
    }

    /** Counts one chat published. */
    public void chatDelivered() {
        delivered.increment();
    }

    /** Counts one chat refused to its sender as not delivered. */
    public void chatNotDelivered() {
        notDelivered.increment();
    }

    /** @param chats retained chats just sent to a member */
    public void chatsReplayed(int chats) {
        replayed.increment(chats);
    }

    /** Counts one frame refused for rate. */
    public void rateLimited() {
        rateLimited.increment();
    }
}
