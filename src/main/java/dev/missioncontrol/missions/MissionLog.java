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
 * entries. In this process it is written by {@link #record}; with Redis by the dispatch queue's record script, in the
 * step that acknowledges the dispatch ({@link RedisDispatchQueue}). Safe for concurrent writers.
 */
@ApplicationScoped
public class MissionLog {

    private final LogStore store;
    private final LocalLogStore local;

    /**
     * @param config    how many entries to keep
     * @param transport {@code local} keeps the log in this process, {@code redis} in Redis
     * @param redis     the connection to Redis, created only with {@code transport=redis}
     */
    public MissionLog(LogConfig config,
            @ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<RedisLink> redis) {
        this.local = transport == Transport.REDIS ? null : new LocalLogStore(config.retain());
        this.store = local == null ? new RedisLogStore(redis.get()) : local;
    }

    /**
     * Appends a hero to the log in this process, dropping the oldest entry past {@code retain}.
     *
     * @param hero a validated hero name
     * @throws IllegalStateException with {@code transport=redis}, where only the dispatch queue writes the log
     */
    public void record(String hero) {
        if (local == null) {
            throw new IllegalStateException("with transport=redis the dispatch queue records in the same step as it acknowledges");
        }
        local.append(new LogEntry(hero, System.currentTimeMillis()));
    }

    /**
     * @param limit how many of the newest entries; 0 for every retained one
     * @return them, oldest first, each with its record time
     */
    public CompletionStage<List<LogEntry>> newest(int limit) {
        return store.newest(limit);
    }

    /** @return the heroes of the whole retained log, oldest first, waiting for it: for callers off the event loop (and tests) */
    public List<String> dispatched() {
        return store.newest(0).toCompletableFuture().join().stream().map(LogEntry::hero).toList();
    }
}
