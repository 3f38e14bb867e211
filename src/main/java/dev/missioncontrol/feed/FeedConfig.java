package dev.missioncontrol.feed;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the status feed, under {@code mission-control.feed.*}. */
@ConfigMapping(prefix = "mission-control.feed")
public interface FeedConfig {

    /** @return how many sectors the sweep reports, 1 to 10000 (default 3) */
    @WithDefault("3")
    @WithConverter(IntRange.UpToTenThousand.class)
    int sectors();

    /** @return the pause before each status event after the first (default 0s) */
    @WithDefault("0s")
    Duration interval();
}
