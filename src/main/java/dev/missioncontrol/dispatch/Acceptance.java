package dev.missioncontrol.dispatch;

/**
 * What became of a dispatch request that was not refused: accepted now, or answered from its {@code Idempotency-Key}
 * (draft-ietf-httpapi-idempotency-key-header, section 2.6).
 *
 * @param outcome  which
 * @param dispatch the dispatch accepted now ({@code ACCEPTED}) or before ({@code REPEAT}); null otherwise
 */
public record Acceptance(Outcome outcome, Dispatch dispatch) {

    /** The outcomes, each its own answer at the HTTP edge. */
    public enum Outcome {
        /** Accepted now: {@code 202}. */
        ACCEPTED,
        /** The same key and hero were accepted before: the first {@code 202} again, nothing dispatched. */
        REPEAT,
        /** The key was used for another hero: {@code 422}. */
        OTHER_HERO,
        /** The same key and hero are being accepted right now: {@code 409}, retry. */
        IN_PROGRESS
    }

    static Acceptance of(Outcome outcome) {
        return new Acceptance(outcome, null);
    }
}
