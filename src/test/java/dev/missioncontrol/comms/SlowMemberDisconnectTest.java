package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.RawWebSocket;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A member that stops reading, under {@code overflow=disconnect}: its connection is closed with 1013 (Try Again
 * Later) after every message it was sent, in order and without a gap; the member that reads loses nothing and stays.
 */
@QuarkusTest
@TestProfile(SlowMemberDisconnectTest.Disconnect.class)
class SlowMemberDisconnectTest {

    /** {@link SlowMemberTest.SmallQueue} with the disconnect policy. */
    public static class Disconnect extends SlowMemberTest.SmallQueue {
        @Override
        String overflow() {
            return "disconnect";
        }
    }

    @TestHTTPResource("/")
    URI http;

    @Test
    void aSlowMemberIsClosedWith1013AndTheOthersHearEverything() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
        try (RawWebSocket slow = RawWebSocket.open(http, "/comms", "", 4096);
                WsClient sender = WsClient.connect(URI.create(http.toString().replaceFirst("^http", "ws") + "comms"))) {
            assertTrue(slow.head.startsWith("HTTP/1.1 101"), slow.head);
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 2);
            int sent = SlowMemberTest.chatUntil(sender, "mission_control_comms_overflow_disconnects_total");

            int expected = 0;
            RawWebSocket.Frame frame;
            while ((frame = slow.nextMessage()).opcode() == RawWebSocket.TEXT) {
                assertEquals(expected++, SlowMemberTest.sequence(frame.text()), "no gap before the close");
            }
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(1013, frame.closeCode(), "Try Again Later");
            assertTrue(expected < sent, "the slow member was closed before it could be sent everything");
            // Answered as RFC 6455 section 5.5.1 asks, so the server closes the TCP connection now, not at a timeout.
            slow.send(RawWebSocket.CLOSE, frame.payload());
            assertTrue(slow.closedByServer());
            assertTrue(!sender.isClosed(), "the member that reads stays connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 1);
        }
    }
}
