package dev.missioncontrol.sse;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Starts a Server-Sent Events response the way every stream of this service starts: {@code 200}, chunked,
 * {@code Content-Type: text/event-stream}, {@code Cache-Control: no-cache} (no proxy may cache a live stream)
 * and {@code X-Accel-Buffering: no} (nginx must pass each frame on at once).
 */
public final class EventStreamResponse {

    private EventStreamResponse() {}

    /**
     * @param response a response whose headers have not been sent
     * @return the same response, ready for frames
     */
    public static HttpServerResponse begin(HttpServerResponse response) {
        return response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }
}
