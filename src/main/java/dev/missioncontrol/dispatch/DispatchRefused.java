package dev.missioncontrol.dispatch;

/**
 * Why a dispatch was not accepted. A domain answer, not an HTTP one: the route turns it into {@code 503} with
 * {@code Retry-After}. Nothing was accepted, so a retry is safe, except after {@link Reason#NOT_CONFIRMED}.
 */
public final class DispatchRefused extends Exception {

    /** The reasons a valid dispatch is refused. */
    public enum Reason {
        /** Shutdown has begun: no new dispatches. */
        SHUTTING_DOWN,
        /** {@code max-pending} dispatches already wait to be recorded. */
        FULL,
        /** As many idempotency keys as allowed are held. */
        KEYS_FULL,
        /** The mission log or the dispatch queue cannot be written now (Redis is away): a 202 could not be kept. */
        LOG_UNAVAILABLE,
        /**
         * The Redis primary took the dispatch but fewer replicas than {@code wait-replicas} confirmed it in time: it may
         * still be recorded, or be lost with the primary. The one refusal after which something may have been
         * accepted; a retry with the same {@code Idempotency-Key} gets exactly one.
         */
        NOT_CONFIRMED
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param detail a sentence for the client
     */
    public DispatchRefused(Reason reason, String detail) {
        // No stack trace: a refusal is an expected answer under load, not a fault to debug.
        super(detail, null, false, false);
        this.reason = reason;
    }

    static DispatchRefused shuttingDown() {
        return new DispatchRefused(Reason.SHUTTING_DOWN, "shutting down: no new dispatches");
    }

    static DispatchRefused full(long max) {
        return new DispatchRefused(Reason.FULL, "too many pending dispatches (" + max + "); retry later");
    }

    static DispatchRefused keysFull() {
        return new DispatchRefused(Reason.KEYS_FULL, "too many idempotency keys are held; retry later");
    }

    static DispatchRefused unavailable() {
        return new DispatchRefused(Reason.LOG_UNAVAILABLE, "the mission log cannot be written now; retry later");
    }

    static DispatchRefused notConfirmed(int confirmed, int asked) {
        return new DispatchRefused(
                Reason.NOT_CONFIRMED,
                "the dispatch reached " + confirmed + " of the " + asked + " Redis replicas asked for in time, so it"
                        + " may or may not be recorded; retry with the same Idempotency-Key to get exactly one");
    }

    /** @return why the dispatch was refused */
    public Reason reason() {
        return reason;
    }
}
