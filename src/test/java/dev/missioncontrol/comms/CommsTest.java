package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comms channel through real WebSocket clients. */
@QuarkusTest
class CommsTest {

    @TestHTTPResource("/comms")
    URI comms;

    /** Connects and returns once the server has run its open handler: frames are handled after it, in order. */
    private WsClient connect() {
        WsClient client = WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws")));
        client.send("{\"event\":\"join\",\"room\":\"hq\"}");
        assertEquals("{\"joined\":\"hq\"}", client.next());
        return client;
    }

    @Test
    void chatReachesEveryoneInHqIncludingTheSender() {
        try (WsClient a = connect();
                WsClient b = connect();
                WsClient c = connect()) {
            a.send("{\"event\":\"chat\",\"text\":\"assemble!\"}");
            for (WsClient client : List.of(a, b, c)) {
                assertEquals("assemble!@hq", ChatFrames.summary(client.next()));
            }
        }
    }

    @Test
    void badInputIsAnsweredToTheSenderAloneAndTheSocketStaysOpen() {
        try (WsClient sender = connect();
                WsClient other = connect()) {
            String tooLong = "x".repeat(4097);
            List<String[]> cases = List.of(
                    new String[] {"not json", "{\"error\":\"not JSON\"}"},
                    new String[] {"[1,2]", "{\"error\":\"not a JSON object\"}"},
                    new String[] {"\"chat\"", "{\"error\":\"not a JSON object\"}"},
                    new String[] {"{\"text\":\"hi\"}", "{\"error\":\"missing event\"}"},
                    new String[] {"{\"event\":7}", "{\"error\":\"event must be a string\"}"},
                    new String[] {"{\"event\":\"dance\"}", "{\"error\":\"unknown event: dance\"}"},
                    new String[] {"{\"event\":\"chat\"}", "{\"error\":\"missing text\"}"},
                    new String[] {"{\"event\":\"chat\",\"text\":5}", "{\"error\":\"text must be a string\"}"},
                    new String[] {
                        "{\"event\":\"chat\",\"text\":\"" + tooLong + "\"}", "{\"error\":\"text over 4096 characters\"}"
                    },
                    new String[] {
                        "{\"event\":\"join\",\"room\":\"no spaces\"}",
                        "{\"error\":\"room must be 1-64 of A-Z a-z 0-9 . _ -\"}"
                    },
                    new String[] {"{\"event\":\"join\"}", "{\"error\":\"missing room\"}"});
            for (String[] bad : cases) {
                sender.send(bad[0]);
                assertEquals(bad[1], sender.next(), "reply to " + bad[0]);
            }
            // 4096 code points outside the BMP is exactly the limit.
            String atLimit = "🛰".repeat(4096) + "@hq";
            sender.send("{\"event\":\"chat\",\"text\":\"" + "🛰".repeat(4096) + "\"}");
            assertTrue(atLimit.equals(ChatFrames.summary(sender.next())), "the sender hears its 4096-character chat");
            // The other client heard none of the errors: its first message is that chat.
            assertTrue(
                    atLimit.equals(ChatFrames.summary(other.next())), "the other client's first message is the chat");
            other.send("{\"event\":\"chat\",\"text\":\"still here\"}");
            assertEquals("still here@hq", ChatFrames.summary(sender.next()));
            assertEquals("still here@hq", ChatFrames.summary(other.next()));
            assertFalse(sender.isClosed());
        }
    }

    @Test
    void roomsCarryChatToTheirMembersOnly() {
        try (WsClient a = connect();
                WsClient b = connect();
                WsClient c = connect()) {
            a.send("{\"event\":\"join\",\"room\":\"alerts\"}");
            assertEquals("{\"joined\":\"alerts\"}", a.next());
            c.send("{\"event\":\"join\",\"room\":\"alerts\"}");
            assertEquals("{\"joined\":\"alerts\"}", c.next());
            a.send("{\"event\":\"chat\",\"room\":\"alerts\",\"text\":\"red\"}");
            assertEquals("red@alerts", ChatFrames.summary(a.next()));
            assertEquals("red@alerts", ChatFrames.summary(c.next()));
            b.send("{\"event\":\"chat\",\"room\":\"alerts\",\"text\":\"let me in\"}");
            assertEquals("{\"error\":\"not a member of room alerts\"}", b.next());
            // b heard nothing of alerts: its next message is this hq chat.
            c.send("{\"event\":\"chat\",\"text\":\"hq check\"}");
            assertEquals("hq check@hq", ChatFrames.summary(b.next()));
            assertEquals("hq check@hq", ChatFrames.summary(a.next()));
            assertEquals("hq check@hq", ChatFrames.summary(c.next()));
            c.send("{\"event\":\"leave\",\"room\":\"alerts\"}");
            assertEquals("{\"left\":\"alerts\"}", c.next());
            c.send("{\"event\":\"leave\",\"room\":\"alerts\"}");
            assertEquals("{\"error\":\"not a member of room alerts\"}", c.next());
            a.send("{\"event\":\"chat\",\"room\":\"alerts\",\"text\":\"only me\"}");
            assertEquals("only me@alerts", ChatFrames.summary(a.next()));
            a.send("{\"event\":\"chat\",\"text\":\"sync\"}");
            assertEquals("sync@hq", ChatFrames.summary(c.next()), "c left alerts and heard nothing there");
        }
    }

    @Test
    void closingLeavesEveryRoom() {
        try (SseClient left =
                EventStreams.open(URI.create(comms.toString().replace("/comms", "/")), "?type=comms.left")) {
            WsClient a = connect();
            a.send("{\"event\":\"join\",\"room\":\"ops.night\"}");
            assertEquals("{\"joined\":\"ops.night\"}", a.next());
            a.close();
            java.util.Set<String> rooms = new java.util.TreeSet<>();
            while (rooms.size() < 2) {
                com.fasterxml.jackson.databind.JsonNode event = EventStreams.json(left.nextEvent());
                rooms.add(event.get("room").asText());
                if (event.get("room").asText().equals("ops.night")) {
                    assertEquals(0, event.get("members").asInt(), "the room is empty once its only member closed");
                }
            }
            assertEquals(java.util.Set.of("hq", "ops.night"), rooms);
        }
    }

    @Test
    void oversizedFrameClosesWith1009() {
        try (WsClient big = connect();
                WsClient bystander = connect()) {
            big.send("{\"event\":\"chat\",\"text\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, big.closeCode(Duration.ofSeconds(5)));
            assertNull(bystander.poll());
            bystander.send("{\"event\":\"chat\",\"text\":\"fine\"}");
            assertEquals("fine@hq", ChatFrames.summary(bystander.next()));
            assertTrue(bystander.closeCodeIfClosed() == null);
        }
    }
}
