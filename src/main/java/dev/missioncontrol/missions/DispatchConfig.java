package dev.missioncontrol.missions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Settings of dispatch, under {@code mission-control.dispatch.*}. */
@ConfigMapping(prefix = "mission-control.dispatch")
public interface DispatchConfig {

    /** @return how long the background work takes before it records the hero (default 0s) */
    @WithDefault("0s")
    Duration scrambleTime();

    /** @return accepted-but-unrecorded dispatches allowed at once; past that 503 (default 10000) */
    @WithDefault("10000")
    @Min(1)
    int maxPending();
}
