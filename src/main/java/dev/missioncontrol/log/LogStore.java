package dev.missioncontrol.log;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the {@link MissionLog} is kept: {@link LocalLogStore} in this process, {@link RedisLogStore} in Redis, shared
 * by every instance. Chosen once, by {@code TransportWiring}. Both keep the newest {@code mission-control.log.retain}
 * entries and are safe for concurrent writers.
 */
public interface LogStore {

    /**
     * Appends entries, in order, dropping the oldest past {@code retain}.
     *
     * @param entries heroes recorded, with their record times
     * @return done once they are kept; fails if they could not be written (Redis away), then none of them were
     */
    CompletionStage<Void> append(List<LogEntry> entries);

    /**
     * @param limit how many of the newest entries; 0 for all retained
     * @return them, oldest first
     */
    CompletionStage<List<LogEntry>> newest(int limit);
}
