package dev.missioncontrol.redis;

import dev.missioncontrol.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /**
     * @return replicas that must hold an accepted dispatch (Redis {@code WAIT}) before its {@code 202}; when fewer
     *     confirm within {@link #waitTimeout()} the answer is {@code 503} with {@code Retry-After}. 0 (the default):
     *     the {@code 202} follows the primary's reply, and a primary lost before it replicated takes the dispatch along
     */
    @WithDefault("0")
    @WithConverter(IntRange.Replicas.class)
    int waitReplicas();

    /** @return how long one {@code WAIT} for {@link #waitReplicas()} may block (default 1s) */
    @WithDefault("1s")
    Duration waitTimeout();
}
