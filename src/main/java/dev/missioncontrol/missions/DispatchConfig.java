package dev.missioncontrol.missions;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of dispatch, under {@code mission-control.dispatch.*}. */
@ConfigMapping(prefix = "mission-control.dispatch")
public interface DispatchConfig {

    /** @return how long the background work takes before it records the hero (default 0s) */
    @WithDefault("0s")
    Duration scrambleTime();

    /** @return accepted-but-unrecorded dispatches allowed at once; past that 503 (default 10000) */
    @WithDefault("10000")
    @WithConverter(IntRange.Positive.class)
    int maxPending();
}
