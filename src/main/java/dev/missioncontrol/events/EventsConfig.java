package dev.missioncontrol.events;

import dev.missioncontrol.config.IntRange;
import dev.missioncontrol.fanout.OverflowPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the event stream, under {@code mission-control.events.*}. */
@ConfigMapping(prefix = "mission-control.events")
public interface EventsConfig {

    /** @return silence after which a subscriber gets a {@code :keepalive} comment (default 15s) */
    @WithDefault("15s")
    Duration heartbeat();

    /** @return how long one stream connection lives before {@code end} with reason max-lifetime (default 30m) */
    @WithDefault("30m")
    Duration maxLifetime();

    /** @return how many of the newest events are retained for Last-Event-ID resume (default 1000) */
    @WithDefault("1000")
    @WithConverter(IntRange.UpToTenMillion.class)
    int replay();

    /** @return events queued for one subscriber whose socket is not writable (default 256) */
    @WithDefault("256")
    @WithConverter(IntRange.UpToAMillion.class)
    int subscriberQueue();

    /** @return what happens when a subscriber's queue is full (default drop-oldest) */
    @WithDefault("drop-oldest")
    OverflowPolicy overflow();

    /** @return open event-stream subscribers allowed at once; more get 503 (default 15000) */
    @WithDefault("15000")
    @WithConverter(IntRange.Positive.class)
    int maxSubscribers();
}
