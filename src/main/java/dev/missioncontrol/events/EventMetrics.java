package dev.missioncontrol.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event stream's meters, in Prometheus names: {@code mission_control_events_subscribers} (open),
 * {@code mission_control_events_published_total}, {@code mission_control_events_dropped_total} (lost by
 * slow subscribers under drop-oldest) and {@code mission_control_events_overflow_disconnects_total}.
 */
@Singleton
public class EventMetrics {

    private final AtomicInteger subscribers = new AtomicInteger();
    private final Counter published;
    private final Counter dropped;
    private final Counter disconnects;

    /** @param registry where the meters are registered */
    public EventMetrics(MeterRegistry registry) {
        Gauge.builder("mission_control.events.subscribers", subscribers, AtomicInteger::get)
                .description("Open event-stream subscribers").register(registry);
        published = Counter.builder("mission_control.events.published")
                .description("Events published to the event stream").register(registry);
        dropped = Counter.builder("mission_control.events.dropped")
                .description("Events dropped from slow subscribers' queues").register(registry);
        disconnects = Counter.builder("mission_control.events.overflow.disconnects")
                .description("Subscribers disconnected because their queue overflowed").register(registry);
    }

    /** @return open subscribers now */
    public int subscribers() {
        return subscribers.get();
    }

    /**
     * Claims a subscriber slot if fewer than {@code max} are open.
     *
     * @param max the limit
     * @return true if claimed; the caller must then call {@link #subscriberClosed()} once when it ends
     */
    public boolean tryOpenSubscriber(int max) {
        while (true) {
            int now = subscribers.get();
            if (now >= max) {
                return false;
            }
            if (subscribers.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Releases a slot claimed by {@link #tryOpenSubscriber(int)}. */
    public void subscriberClosed() {
        subscribers.decrementAndGet();
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
