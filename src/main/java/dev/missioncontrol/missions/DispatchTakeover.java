package dev.missioncontrol.missions;

import dev.missioncontrol.redis.Transport;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code transport=redis}, every {@code mission-control.dispatch.claim-interval} (default 5 s): takes over the
 * dispatches that another instance has held for longer than {@code claim-after} plus {@code scramble-time} (it died,
 * or lost Redis) and records them here ({@link RedisDispatchQueue#takeOver}). A dispatch of a dead instance is so
 * recorded within {@code claim-after} + {@code scramble-time} + {@code claim-interval} of its acceptance, or of the
 * start of a new instance if none was running. Does nothing with the local transport.
 */
@ApplicationScoped
public class DispatchTakeover {

    private final boolean shared;
    private final Instance<RedisDispatchQueue> queue;

    /**
     * @param transport only {@code redis} has dispatches to take over
     * @param queue     the Redis dispatch queue
     */
    public DispatchTakeover(@ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<RedisDispatchQueue> queue) {
        this.shared = transport == Transport.REDIS;
        this.queue = queue;
    }

    /** Claims and holds what is due; a Redis that is away makes this run a no-op. */
    @Scheduled(every = "${mission-control.dispatch.claim-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (shared) {
            queue.get().takeOver();
        }
    }
}
