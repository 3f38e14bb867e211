package dev.missioncontrol.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.missioncontrol.sse.EventStreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * The event stream's frames that are not published events and carry no id: {@code connected} when a stream
 * opens, {@code reset} when a client missed events (resuming from too old an id, or too slow to keep its queue),
 * {@code end} before the server closes a stream.
 * Every string put into their JSON is escaped here (RFC 8259 section 7), whoever supplied it.
 */
public final class ControlFrames {

    private ControlFrames() {}

    /**
     * @param now the time the stream opened
     * @return {@code event: connected} with {@code {"status":"ok","ts":"<ISO-8601 UTC>"}}
     */
    public static Buffer connected(Instant now) {
        return frame("connected", "{\"status\":\"ok\",\"ts\":" + quote(now.toString()) + "}");
    }

    /**
     * @param oldest the id of the oldest event still retained (the client missed what came before it)
     * @return {@code event: reset} with {@code {"oldest":N}}
     */
    public static Buffer reset(long oldest) {
        return frame("reset", "{\"oldest\":" + oldest + "}");
    }

    /**
     * @param lost how many events a slow subscriber lost to {@code drop-oldest}
     * @return {@code event: reset} with {@code {"lost":N}}: sent before the next event the subscriber gets, so it can
     *         refetch instead of silently missing them
     */
    public static Buffer lost(long lost) {
        return frame("reset", "{\"lost\":" + lost + "}");
    }

    /**
     * @param reason why the stream ends, for example {@code shutdown} or {@code max-lifetime}
     * @return {@code event: end} with {@code {"reason":"..."}}
     */
    public static Buffer end(String reason) {
        return frame("end", "{\"reason\":" + quote(reason) + "}");
    }

    private static Buffer frame(String type, String json) {
        return EventStreamEncoder.named(type, json);
    }

    private static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
