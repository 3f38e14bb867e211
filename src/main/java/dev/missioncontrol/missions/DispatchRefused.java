package dev.missioncontrol.missions;

/**
 * Why the {@link Dispatcher} did not accept a dispatch. A domain answer, not an HTTP one: the route turns it into
 * {@code 503} with {@code Retry-After}.
 */
public final class DispatchRefused extends Exception {

    /** The reasons a valid dispatch is refused. */
    public enum Reason {
        /** Shutdown has begun: no new dispatches. */
        SHUTTING_DOWN,
        /** {@code max-pending} dispatches already wait to be recorded. */
        FULL,
        /** The mission log cannot be written now (Redis is away): a 202 could not be kept. */
        LOG_UNAVAILABLE
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

    /** @return why the dispatch was refused */
    public Reason reason() {
        return reason;
    }
}
