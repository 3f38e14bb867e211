package dev.missioncontrol.dispatch;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The body of {@code GET /missions/dispatches/{id}}:
 * {@code {"id":"...","hero":"Volt","status":"recorded","acceptedAt":"<ISO-8601 UTC>","recordedAt":"<ISO-8601 UTC>"}}.
 *
 * @param id         the dispatch's id
 * @param hero       the hero
 * @param status     {@code pending} (accepted, not yet recorded) or {@code recorded}
 * @param acceptedAt when it was accepted
 * @param recordedAt when it was recorded; null while pending
 */
@RegisterForReflection
public record DispatchStatus(String id, String hero, String status, String acceptedAt, String recordedAt) {

    /**
     * @param id             the dispatch's id
     * @param hero           the hero
     * @param acceptedMillis when it was accepted, ms since the epoch
     * @param recordedMillis when it was recorded, ms since the epoch; 0 while pending
     * @return its status
     */
    static DispatchStatus of(String id, String hero, long acceptedMillis, long recordedMillis) {
        return new DispatchStatus(
                id,
                hero,
                recordedMillis > 0 ? "recorded" : "pending",
                Instant.ofEpochMilli(acceptedMillis).toString(),
                recordedMillis > 0 ? Instant.ofEpochMilli(recordedMillis).toString() : null);
    }
}
