package dev.missioncontrol.events;

import dev.missioncontrol.limits.BoundedCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The event stream's meters, in Prometheus names: {@code mission_control_events_subscribers} (open),
 * {@code mission_control_events_published_total}, {@code mission_control_events_dropped_total} (lost by
 * slow subscribers under drop-oldest) and {@code mission_control_events_overflow_disconnects_total}.
 */
@Singleton
public class EventMetrics {

    private final MeterRegistry registry;
    private final Counter published;
    private final Counter dropped;
    private final Counter disconnects;

    /** @param registry where the meters are registered */
    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder("mission_control.events.published")
                .description("Events published to the event stream").register(registry);
        dropped = Counter.builder("mission_control.events.dropped")
                .description("Events dropped from slow subscribers' queues").register(registry);
        disconnects = Counter.builder("mission_control.events.overflow.disconnects")
                .description("Subscribers disconnected because their queue overflowed").register(registry);
    }

    /**
     * Registers the gauge of open subscribers.
     *
     * @param open the hub's admission count, read whenever the gauge is scraped
     */
    public void observeSubscribers(BoundedCounter open) {
        Gauge.builder("mission_control.events.subscribers", open, BoundedCounter::get)
                .description("Open event-stream subscribers").register(registry);
    }

    /** Counts one published event. */
    public void published() {
        published.increment();
    }

    /** Counts one event dropped from a slow subscriber's queue. */
    public void dropped() {
        dropped.increment();
    }

    /** Counts one subscriber disconnected for overflow. */
    public void overflowDisconnect() {
        disconnects.increment();
    }
}
