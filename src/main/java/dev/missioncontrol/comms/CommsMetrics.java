package dev.missioncontrol.comms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Singleton;

/**
 * The comms meters: {@code mission_control_comms_connections} (open now), {@code mission_control_comms_rooms}
 * (existing now), {@code mission_control_comms_messages_total}
 * (chat frames broadcast) and {@code mission_control_comms_rate_limited_total} (frames refused for rate).
 */
@Startup
@Singleton
public class CommsMetrics {

    private final Counter messages;
    private final Counter rateLimited;

    /**
     * @param registry    where the meters are registered
     * @param connections the open comms connections
     * @param room        the rooms
     */
    public CommsMetrics(MeterRegistry registry, OpenConnections connections, CommsRoom room) {
        Gauge.builder("mission_control.comms.connections", connections, c -> c.listAll().size())
                .description("Open comms WebSocket connections").register(registry);
        Gauge.builder("mission_control.comms.rooms", room, CommsRoom::roomCount)
                .strongReference(true).description("Comms rooms that exist now").register(registry);
        messages = Counter.builder("mission_control.comms.messages")
                .description("Chat messages broadcast").register(registry);
        rateLimited = Counter.builder("mission_control.comms.rate.limited")
                .description("Comms frames refused for exceeding max-messages-per-second").register(registry);
    }

    /** Counts one chat broadcast. */
    public void message() {
        messages.increment();
    }

    /** Counts one frame refused for rate. */
    public void rateLimited() {
        rateLimited.increment();
    }
}
