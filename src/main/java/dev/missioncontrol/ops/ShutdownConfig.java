package dev.missioncontrol.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Shutdown settings, under {@code mission-control.shutdown.*}. */
@ConfigMapping(prefix = "mission-control.shutdown")
public interface ShutdownConfig {

    /**
     * @return the most the SIGTERM sequence (drain dispatches, end streams, close comms) may take (default 30s);
     *         keep it below the container's stop grace period
     */
    @WithDefault("30s")
    Duration timeout();
}
