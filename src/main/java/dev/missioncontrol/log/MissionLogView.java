package dev.missioncontrol.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /missions/log}: {@code {"dispatched":["Volt","Storm"]}}; with {@code ?times=true} also
 * {@code "recordedAt":["<ISO-8601 UTC>", ...]}, one per hero (null where the time is not known).
 *
 * @param dispatched hero names in the order recorded
 * @param recordedAt when each was recorded, when asked for; absent otherwise
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionLogView(List<String> dispatched, List<String> recordedAt) {

    /**
     * @param entries the log's entries, oldest first
     * @param times   whether to include the record times
     * @return the body
     */
    static MissionLogView of(List<LogEntry> entries, boolean times) {
        return new MissionLogView(
                entries.stream().map(LogEntry::hero).toList(),
                times
                        ? entries.stream()
                                .map(e -> e.recordedMillis() > 0
                                        ? Instant.ofEpochMilli(e.recordedMillis())
                                                .toString()
                                        : null)
                                .toList()
                        : null);
    }
}
