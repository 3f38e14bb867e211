package dev.missioncontrol.dispatch;

import java.util.UUID;

/**
 * One accepted dispatch, from its {@code 202} to its record.
 *
 * @param id             its id, unique across instances and restarts (a random UUID); the last segment of its
 *                       {@code Location}
 * @param hero           the validated hero
 * @param acceptedMillis when it was accepted, in milliseconds since the epoch: its scramble ends
 *                       {@code scramble-time} after this, whichever instance records it
 * @param entry          its entry id in the Redis dispatch stream; null in the local transport
 * @param traceparent    the W3C {@code traceparent} of the request that accepted it, for its record's span; null
 *                       while tracing is off
 */
public record Dispatch(String id, String hero, long acceptedMillis, String entry, String traceparent) {

    /**
     * @param hero        the validated hero
     * @param traceparent the accepting request's trace, or null
     * @return a new dispatch accepted now, with a new id
     */
    static Dispatch accept(String hero, String traceparent) {
        return new Dispatch(UUID.randomUUID().toString(), hero, System.currentTimeMillis(), null, traceparent);
    }

    /**
     * @param id   the id of a dispatch accepted earlier
     * @param hero its hero
     * @return it as a repeat of its request is answered (only the id and hero matter there)
     */
    static Dispatch earlier(String id, String hero) {
        return new Dispatch(id, hero, 0, null, null);
    }
}
