package dev.missioncontrol.problem;

import java.util.Map;

/**
 * Thrown by endpoints to answer with an RFC 9457 problem: the status, a detail sentence and any extra
 * response headers (for example {@code Retry-After}). {@link ProblemResponse} turns it into the response.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    /**
     * @param status  the HTTP status code to answer with
     * @param detail  what was wrong, for the client (becomes the problem's {@code detail})
     * @param headers extra response headers; empty for none
     */
    public ProblemException(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /**
     * A {@code 400 Bad Request} for input that was rejected.
     *
     * @param detail what was wrong with the input
     * @return the exception to throw
     */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail, Map.of());
    }

    /** @return the HTTP status code */
    public int status() {
        return status;
    }

    /** @return extra response headers, never null */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the problem body for this exception */
    public Problem problem() {
        return Problem.of(status, getMessage());
    }
}
