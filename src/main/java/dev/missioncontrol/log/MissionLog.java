package dev.missioncontrol.log;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who has been dispatched, in the order recorded: one log for the whole application (with {@code transport=redis},
 * for every instance on that Redis), keeping the newest {@code mission-control.log.retain} entries, in the
 * {@link LogStore} the transport chose. An entry's one format is {@link LogEntry}. Safe for concurrent writers.
 */
@ApplicationScoped
public class MissionLog {

    private final LogStore store;

    /** @param store where the log is kept */
    public MissionLog(LogStore store) {
        this.store = store;
    }

    /**
     * Appends heroes to the log, recorded now, dropping the oldest entries past {@code retain}.
     *
     * @param heroes validated hero names, in the order recorded
     * @return done once they are kept; fails if they could not be written (Redis away)
     */
    public CompletionStage<Void> record(List<String> heroes) {
        long now = System.currentTimeMillis();
        return store.append(heroes.stream().map(hero -> new LogEntry(hero, now)).toList());
    }

    /**
     * @param limit how many of the newest entries; 0 for every retained one
     * @return them, oldest first, each with its record time
     */
    public CompletionStage<List<LogEntry>> newest(int limit) {
        return store.newest(limit);
    }
}
