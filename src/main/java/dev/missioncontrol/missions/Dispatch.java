package dev.missioncontrol.missions;

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
 */
public record Dispatch(String id, String hero, long acceptedMillis, String entry) {

    /**
     * @param hero the validated hero
     * @return a new dispatch accepted now, with a new id
     */
    static Dispatch accept(String hero) {
        return new Dispatch(UUID.randomUUID().toString(), hero, System.currentTimeMillis(), null);
    }
}
