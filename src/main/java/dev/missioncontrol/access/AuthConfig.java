package dev.missioncontrol.access;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Access settings, under {@code mission-control.auth.*}. */
@ConfigMapping(prefix = "mission-control.auth")
public interface AuthConfig {

    /**
     * @return the accepted bearer tokens (comma-separated in config); absent means the service is open, for
     *         development
     */
    Optional<List<String>> tokens();
}
