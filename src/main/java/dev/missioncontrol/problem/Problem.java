package dev.missioncontrol.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An HTTP error body in the RFC 9457 "problem details" shape, served as
 * {@code application/problem+json}: {@code {"type":"about:blank","title":"Bad Request","status":400,"detail":"..."}}.
 *
 * @param type   a URI naming the problem type; always {@code about:blank} here (RFC 9457 section 4.2.1)
 * @param title  the HTTP reason phrase of {@code status}
 * @param status the HTTP status code
 * @param detail a sentence for the client saying what was wrong with this request
 */
@RegisterForReflection
public record Problem(String type, String title, int status, String detail) {

    /** The media type of a problem body (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * Builds the problem for {@code status} with its standard reason phrase as title.
     *
     * @param status an HTTP status code (4xx or 5xx)
     * @param detail what was wrong, for the client
     * @return the problem, with type {@code about:blank}
     */
    public static Problem of(int status, String detail) {
        return new Problem("about:blank", reasonPhrase(status), status, detail);
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
