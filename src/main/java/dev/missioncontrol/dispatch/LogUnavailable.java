package dev.missioncontrol.dispatch;

/** The mission log could not be written (Redis is away); nothing was recorded. */
public final class LogUnavailable extends RuntimeException {

    /**
     * @param detail what failed
     * @param cause  the underlying failure
     */
    public LogUnavailable(String detail, Throwable cause) {
        super(detail, cause);
    }
}
