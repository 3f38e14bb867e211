package dev.missioncontrol.log;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** The mission log's settings, under {@code mission-control.log.*}. */
@ConfigMapping(prefix = "mission-control.log")
public interface LogConfig {

    /** @return entries the log keeps; the oldest go first (default 100000, 1-10000000) */
    @WithDefault("100000")
    @WithConverter(IntRange.UpToTenMillion.class)
    int retain();
}
