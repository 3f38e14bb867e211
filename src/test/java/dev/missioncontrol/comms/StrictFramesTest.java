package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.RawWebSocket;
import dev.missioncontrol.support.RawWebSocket.Frame;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /comms} over raw frames: what RFC 6455 requires of a server that gets frames it must not accept. */
@QuarkusTest
class StrictFramesTest {

    @TestHTTPResource("/")
    URI base;

    private RawWebSocket open() throws Exception {
        RawWebSocket socket = RawWebSocket.open(base, "/comms", "");
        assertTrue(socket.head.startsWith("HTTP/1.1 101"), socket.head);
        return socket;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Neither permessage-deflate (RFC 7692) nor the older per-frame deflate that Vert.x would otherwise accept. */
    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; client_max_window_bits", "deflate-frame", "x-webkit-deflate-frame"})
    void compressionIsNotNegotiated(String extension) throws Exception {
        try (RawWebSocket socket =
                RawWebSocket.open(base, "/comms", "Sec-WebSocket-Extensions: " + extension + "\r\n")) {
            assertTrue(socket.head.startsWith("HTTP/1.1 101"), socket.head);
            assertFalse(
                    socket.head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"),
                    "no extension may be accepted: " + socket.head);
        }
    }

    @Test
    void aCompressedFrameWithoutTheExtensionFailsTheConnectionWith1002() throws Exception {
        try (RawWebSocket socket = open()) {
            // RSV1 set, as a permessage-deflate frame would have it: no extension was negotiated (section 5.2).
            socket.send(true, 4, RawWebSocket.TEXT, new byte[] {(byte) 0xF2, 0x48, (byte) 0xCD, 0x01, 0});
            Frame close = socket.nextMessage();
            assertEquals(1002, close.closeCode(), close.text());
            assertTrue(socket.closedByServer());
        }
    }

    @Test
    void invalidUtf8TextClosesWith1007AndIsNeverBroadcast() throws Exception {
        try (RawWebSocket listener = open();
                RawWebSocket sender = open()) {
            byte[] chat = utf8("{\"event\":\"chat\",\"text\":\"bad \u0000\"}");
            chat[chat.length - 3] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
            sender.send(RawWebSocket.TEXT, chat);
            Frame close = sender.nextMessage();
            assertEquals(1007, close.closeCode(), close.text());
            assertTrue(sender.closedByServer());
            // The listener hears the next good chat, not a U+FFFD version of the bad one.
            try (RawWebSocket other = open()) {
                other.send(RawWebSocket.TEXT, utf8("{\"event\":\"chat\",\"text\":\"good\"}"));
                assertEquals(
                        "good@hq", ChatFrames.summary(listener.nextMessage().text()));
            }
        }
    }

    @Test
    void aSingleFrameOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(RawWebSocket.TEXT, new byte[65537]);
            Frame close = socket.nextMessage();
            assertEquals(1009, close.closeCode(), close.text());
            assertTrue(socket.closedByServer());
        }
    }

    @Test
    void aBinaryFrameGetsAnErrorReplyAndTheConnectionStays() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(RawWebSocket.BINARY, utf8("{\"event\":\"chat\",\"text\":\"as bytes\"}"));
            Frame reply = socket.nextMessage();
            assertEquals(RawWebSocket.TEXT, reply.opcode());
            assertEquals("{\"error\":\"binary frames are not supported: send JSON text frames\"}", reply.text());
            socket.send(RawWebSocket.TEXT, utf8("{\"event\":\"chat\",\"text\":\"as text\"}"));
            assertEquals("as text@hq", ChatFrames.summary(socket.nextMessage().text()));
        }
    }

    @Test
    void aControlFrameThatIsFragmentedFailsTheConnectionWith1002() throws Exception {
        try (RawWebSocket socket = open()) {
            // Control frames must not be fragmented (section 5.5).
            socket.send(false, 0, RawWebSocket.PING, utf8("x"));
            Frame close = socket.nextMessage();
            assertEquals(1002, close.closeCode(), close.text());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
    }
}
