package dev.missioncontrol.sse;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events frames as the WHATWG HTML standard defines them (section 9.2, "Server-sent
 * events": fields {@code id}, {@code event}, {@code data}, {@code retry}, comments starting with a colon, a
 * blank line ending each frame). Callers pass single-line values: JSON without raw newlines, event types
 * from this service.
 *
 * <p>Frames written to many subscribers ({@link #event}, {@link #comment}) live in direct memory:
 * a heap buffer would be copied into a new direct buffer by Netty for every subscriber on every write.
 */
public final class EventStreamEncoder {

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "\nevent: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private EventStreamEncoder() {}

    /**
     * @param id   the event id, written as {@code id: N}
     * @param type the event name
     * @param json the data, one line of JSON in UTF-8
     * @return the frame {@code id: N\nevent: type\ndata: json\n\n}
     */
    public static Buffer event(long id, String type, byte[] json) {
        // Sized exactly: ids are ASCII digits, and a type is counted by its UTF-8 length.
        int length = ID.length
                + Long.toString(id).length()
                + EVENT.length
                + utf8Length(type)
                + DATA.length
                + json.length
                + END.length;
        return appendEvent(Buffer.buffer(Unpooled.directBuffer(length)), id, type, json);
    }

    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Appends an event's frame to {@code target}, for a resuming client's replay sent as one write.
     *
     * @param target the buffer being built
     * @param id     the event id
     * @param type   the event name
     * @param json   the data, one line of JSON in UTF-8
     * @return {@code target}
     */
    public static Buffer appendEvent(Buffer target, long id, String type, byte[] json) {
        return target.appendBytes(ID)
                .appendString(Long.toString(id))
                .appendBytes(EVENT)
                .appendString(type)
                .appendBytes(DATA)
                .appendBytes(json)
                .appendBytes(END);
    }

    /**
     * @param type the event name
     * @param json the data, one line of JSON
     * @return a frame without an id: {@code event: type\ndata: json\n\n}
     */
    public static Buffer named(String type, String json) {
        return Buffer.buffer("event: " + type + "\ndata: " + json + "\n\n");
    }

    /**
     * @param text the comment, without newlines
     * @return a comment line {@code :text\n\n}, which clients ignore and proxies see as traffic
     */
    public static Buffer comment(String text) {
        byte[] bytes = (":" + text + "\n\n").getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
    }

    /**
     * @param millis the reconnection time the client should use
     * @return {@code retry: millis\n\n}
     */
    public static Buffer retry(long millis) {
        return Buffer.buffer("retry: " + millis + "\n\n");
    }
}
