package dev.missioncontrol.events;

import dev.missioncontrol.fanout.OverflowPolicy;

/**
 * What every event-stream subscriber of this process shares.
 *
 * @param queueCapacity  the most events held for one subscriber whose socket is not writable
 * @param overflow       what happens when that queue is full
 * @param lifetimeNanos  how long one stream lives before it ends with reason {@code max-lifetime}, in nanoseconds
 * @param heartbeatNanos silence, in nanoseconds, after which a subscriber gets a keepalive comment
 */
public record SubscriberSettings(int queueCapacity, OverflowPolicy overflow, long lifetimeNanos, long heartbeatNanos) {

    /**
     * @param config the event stream's settings
     * @return the subscriber settings they give
     */
    public static SubscriberSettings of(EventsConfig config) {
        return new SubscriberSettings(
                config.subscriberQueue(),
                config.overflow(),
                config.maxLifetime().toNanos(),
                config.heartbeat().toNanos());
    }
}
