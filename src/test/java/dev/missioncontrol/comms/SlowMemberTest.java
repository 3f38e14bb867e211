package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.RawWebSocket;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member that stops reading, under {@code overflow=drop-oldest}: it loses only its own oldest queued messages and
 * hears how many (exactly the gap in what it then reads), while a member that reads gets every message. Over real
 * sockets: the slow member is a raw client with a small receive buffer that does not read until the server has
 * dropped messages for it.
 */
@QuarkusTest
@TestProfile(SlowMemberTest.SmallQueue.class)
class SlowMemberTest {

    /** A small member queue, and limits that let one sender fill a slow member quickly. */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mission-control.comms.member-queue",
                    "8",
                    "mission-control.comms.overflow",
                    overflow(),
                    "mission-control.comms.max-messages-per-second",
                    "100000",
                    "mission-control.comms.max-text",
                    "40000");
        }

        String overflow() {
            return "drop-oldest";
        }
    }

    static final int MOST_CHATS = 3000;
    static final String PADDING = "x".repeat(30_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI http;

    /** Chats into {@code hq} until the server has overflowed a member's queue, then a few more; returns how many. */
    static int chatUntil(WsClient sender, String counter) {
        int sent = 0;
        while (Metrics.value(counter) < 1) {
            if (sent >= MOST_CHATS) {
                fail("no member queue overflowed after " + sent + " chats of 30 KB");
            }
            sent = chatOnce(sender, sent);
        }
        for (int i = 0; i < 20; i++) {
            sent = chatOnce(sender, sent);
        }
        return sent;
    }

    /**
     * Sends chat number {@code sent} and reads its echo: the sender is a member of hq too, and taking each echo before
     * the next chat keeps it from ever becoming a slow member itself, however late the test machine schedules it.
     */
    private static int chatOnce(WsClient sender, int sent) {
        sender.send("{\"event\":\"chat\",\"text\":\"" + sent + " " + PADDING + "\"}");
        assertEquals(sent, sequence(sender.next(Duration.ofSeconds(10))), "the sender hears every chat in order");
        return sent + 1;
    }

    static int sequence(String message) {
        try {
            String chat = JSON.readTree(message).path("chat").asText();
            return Integer.parseInt(chat.substring(0, chat.indexOf(' ')));
        } catch (Exception e) {
            throw new AssertionError("not a chat: " + message.substring(0, Math.min(80, message.length())), e);
        }
    }

    @Test
    void aSlowMemberLosesItsOldestMessagesAndIsToldHowMany() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 0);
        double droppedBefore = Metrics.value("mission_control_comms_dropped_total");
        try (RawWebSocket slow = RawWebSocket.open(http, "/comms", "", 4096);
                WsClient sender = WsClient.connect(URI.create(http.toString().replaceFirst("^http", "ws") + "comms"))) {
            assertTrue(slow.head.startsWith("HTTP/1.1 101"), slow.head);
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("mission_control_comms_connections") == 2);
            int sent = chatUntil(sender, "mission_control_comms_dropped_total");

            int expected = 0;
            long lost = 0;
            while (expected < sent) {
                RawWebSocket.Frame frame = slow.nextMessage();
                assertEquals(RawWebSocket.TEXT, frame.opcode(), "only text frames reach the slow member");
                JsonNode message = JSON.readTree(frame.text());
                if (message.has("lost")) {
                    assertTrue(message.get("lost").asLong() > 0, frame.text());
                    lost += message.get("lost").asLong();
                    expected += message.get("lost").asInt();
                    continue;
                }
                assertEquals(expected, sequence(frame.text()), "after a lost notice the very next message follows");
                expected++;
            }
            assertEquals(sent, expected, "the slow member heard of every message: received or counted as lost");
            assertTrue(lost > 0, "the slow member lost messages");
            assertEquals(
                    lost,
                    Metrics.value("mission_control_comms_dropped_total") - droppedBefore,
                    "every drop is counted, and every drop was announced");
        }
    }
}
