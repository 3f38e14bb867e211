package dev.missioncontrol.redis;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Settings of this service's use of Redis when {@code mission-control.transport=redis}, under
 * {@code mission-control.redis.*}. How to reach Redis is the Quarkus Redis extension's {@code quarkus.redis.*}.
 */
@ConfigMapping(prefix = "mission-control.redis")
public interface RedisConfig {

    /**
     * @return the older name of {@code quarkus.redis.hosts}, which application.properties reads it into:
     *         {@code redis://[:password@]host:port[/db]}, or {@code rediss://} for TLS (default
     *         {@code redis://localhost:6379})
     */
    @WithDefault("redis://localhost:6379")
    String url();

    /** @return the start of every key this service uses, so deployments can share one Redis (default mission-control) */
    @WithDefault("mission-control")
    String keyPrefix();

    /**
     * @return events an instance holds while Redis is unreachable, sent in order when it is back; past this they are
     *         dropped and counted, and subscribers get {@code reset} (default 10000)
     */
    @WithDefault("10000")
    @WithConverter(IntRange.UpToAMillion.class)
    int publishQueue();
}
