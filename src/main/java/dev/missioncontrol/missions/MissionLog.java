package dev.missioncontrol.missions;

import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who has been dispatched, in the order recorded: one log for the whole application (with
 * {@code transport=redis}, for every instance on that Redis), keeping the newest {@code mission-control.log.retain}
 * entries. Safe for concurrent writers.
 */
@ApplicationScoped
public class MissionLog {

    private final LogStore store;

    /**
     * @param config    how many entries to keep
     * @param transport {@code local} keeps the log in this process, {@code redis} in Redis
     * @param redis     the connection to Redis, created only with {@code transport=redis}
     */
    public MissionLog(LogConfig config,
            @ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<RedisLink> redis) {
        this.store = transport == Transport.REDIS ? new RedisLogStore(redis.get(), config.retain())
                : new LocalLogStore(config.retain());
    }

    /**
     * Appends a hero, dropping the oldest entry past {@code retain}. May wait briefly for Redis: call it off the
     * event loop.
     *
     * @param hero a validated hero name
     * @throws LogUnavailable if it could not be written (Redis away); nothing was recorded
     */
    public void record(String hero) {
        store.append(hero);
    }

    /**
     * @param limit how many of the newest entries; 0 for every retained one
     * @return them, oldest first
     */
    public CompletionStage<List<String>> newest(int limit) {
        return store.newest(limit);
    }

    /** @return the whole retained log, oldest first, waiting for it: for callers off the event loop (and tests) */
    public List<String> dispatched() {
        return store.newest(0).toCompletableFuture().join();
    }

    /** @return false while the log cannot be written (Redis away): dispatch then refuses with 503 */
    public boolean isWritable() {
        return store.isWritable();
    }
}
