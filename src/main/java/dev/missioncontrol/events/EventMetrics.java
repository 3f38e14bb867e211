package dev.missioncontrol.events;

import dev.missioncontrol.fanout.OverflowMeter;
import dev.missioncontrol.limits.BoundedCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event stream's meters, in Prometheus names: {@code mission_control_events_subscribers} (open),
 * {@code mission_control_events_published_total}, {@code mission_control_events_dropped_total} (lost by
 * slow subscribers under drop-oldest), {@code mission_control_events_overflow_disconnects_total} and
 * {@code mission_control_events_stream_ends_total{reason}}.
 */
@Singleton
public class EventMetrics implements OverflowMeter {

    private final MeterRegistry registry;
    private final Counter published;
    private final Counter dropped;
    private final Counter disconnects;
    private final Map<String, Counter> streamEnds = new HashMap<>();

    /** @param registry where the meters are registered */
    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder("mission_control.events.published")
                .description("Events published to the event stream")
                .register(registry);
        dropped = Counter.builder("mission_control.events.dropped")
                .description("Events dropped from slow subscribers' queues")
                .register(registry);
        disconnects = Counter.builder("mission_control.events.overflow.disconnects")
                .description("Subscribers disconnected because their queue overflowed")
                .register(registry);
        // Registered up front, so a dashboard sees every reason from the first scrape.
        for (String reason : List.of("client", "max-lifetime", "shutdown", "overflow")) {
            streamEnds.put(reason, streamEnds(reason));
        }
    }

    /**
     * Registers the gauge of open subscribers.
     *
     * @param open the hub's admission count, read whenever the gauge is scraped
     */
    public void observeSubscribers(BoundedCounter open) {
        Gauge.builder("mission_control.events.subscribers", open, BoundedCounter::get)
                .description("Open event-stream subscribers")
                .register(registry);
    }

    /**
     * Counts one event stream that ended, as {@code mission_control_events_stream_ends_total{reason}}: these long-lived
     * requests are left out of {@code http_server_requests}, where a client closing its stream counted as an error.
     *
     * @param reason {@code client}, {@code max-lifetime}, {@code shutdown} or {@code overflow}
     */
    public void streamEnded(String reason) {
        Counter counter = streamEnds.get(reason);
        (counter != null ? counter : streamEnds(reason)).increment();
    }

    private Counter streamEnds(String reason) {
        return Counter.builder("mission_control.events.stream.ends")
                .tag("reason", reason)
                .description("Event streams ended, by why")
                .register(registry);
    }

    /** Counts one published event. */
    public void published() {
        published.increment();
    }

    /** Counts one event dropped from a slow subscriber's queue. */
    @Override
    public void dropped() {
        dropped.increment();
    }

    /** Counts one subscriber disconnected for overflow. */
    @Override
    public void overflowDisconnect() {
        disconnects.increment();
    }
}
