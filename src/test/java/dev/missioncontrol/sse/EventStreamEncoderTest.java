package dev.missioncontrol.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Server-Sent Events frames, byte for byte (WHATWG HTML, section 9.2). */
class EventStreamEncoderTest {

    private static final byte[] JSON = "{\"hero\":\"Volt\",\"ts\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anEventHasIdTypeDataAndABlankLine() {
        Buffer frame = EventStreamEncoder.event(42, "dispatch.accepted", JSON);
        assertEquals("id: 42\nevent: dispatch.accepted\ndata: {\"hero\":\"Volt\",\"ts\":\"t\"}\n\n", frame.toString());
        assertTrue(frame.getByteBuf().isDirect(), "frames shared by many subscribers live in direct memory");
    }

    @Test
    void appendingWritesTheSameBytesAsEncoding() {
        Buffer replay = Buffer.buffer("retry: 1\n\n");
        EventStreamEncoder.appendEvent(replay, 7, "comms.chat", JSON);
        EventStreamEncoder.appendEvent(replay, 8, "comms.chat", JSON);
        assertEquals(
                "retry: 1\n\n" + EventStreamEncoder.event(7, "comms.chat", JSON)
                        + EventStreamEncoder.event(8, "comms.chat", JSON),
                replay.toString());
    }

    @Test
    void dataKeepsUtf8() {
        byte[] json = "{\"chat\":\"Grüße 🦸\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                "id: 1\nevent: comms.chat\ndata: {\"chat\":\"Grüße 🦸\"}\n\n",
                EventStreamEncoder.event(1, "comms.chat", json).toString(StandardCharsets.UTF_8));
    }

    @Test
    void joinConcatenatesInOrder() {
        Buffer a = EventStreamEncoder.event(1, "a", JSON);
        Buffer b = EventStreamEncoder.event(2, "b", JSON);
        assertEquals(
                a.toString() + b,
                dev.missioncontrol.fanout.Frames.join(List.of(a, b)).toString());
        assertEquals("", dev.missioncontrol.fanout.Frames.join(List.of()).toString());
    }

    @Test
    void namedCommentAndRetryFrames() {
        assertEquals(
                "event: close\ndata: stand down\n\n",
                EventStreamEncoder.named("close", "stand down").toString());
        assertEquals(":keepalive\n\n", EventStreamEncoder.comment("keepalive").toString());
        assertEquals("retry: 3000\n\n", EventStreamEncoder.retry(3000).toString());
    }
}
