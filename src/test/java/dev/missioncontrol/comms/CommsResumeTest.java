package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.Handover;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Comms that lose nothing, through real WebSocket clients: chat frames carry the event id, a member that
 * reconnects with {@code ?since=} or joins with {@code since} gets what it missed, in order, once, also while others
 * chat during the handover; {@code history} and {@code members}; bad requests answered and nothing changed.
 */
@QuarkusTest
class CommsResumeTest {

    @TestHTTPResource("/comms")
    URI comms;

    private WsClient connect(String query) {
        WsClient client = WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws") + query));
        // Frames are handled in order after the open handler: once this is answered, the client is in hq.
        client.send("{\"event\":\"members\",\"room\":\"hq\"}");
        Awaitility.await().until(() -> client.next().startsWith("{\"members\""));
        return client;
    }

    private WsClient connect() {
        return connect("");
    }

    /** A room of its own per test, so tests do not hear each other. */
    private static String room() {
        return "r-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aChatFrameCarriesTheIdOfItsEventAndItsRoom() {
        try (WsClient a = connect()) {
            a.send("{\"event\":\"chat\",\"text\":\"numbered\"}");
            JsonNode frame = ChatFrames.parse(a.next());
            assertEquals("numbered", frame.get("chat").asText());
            assertEquals("hq", frame.get("room").asText());
            assertTrue(frame.get("id").asLong() > 0);
            a.send("{\"event\":\"chat\",\"text\":\"next\"}");
            assertTrue(ChatFrames.id(a.next()) > frame.get("id").asLong(), "ids rise");
        }
    }

    @Test
    void aMemberThatReconnectsGetsWhatWasSaidInTheGapInOrderAndOnce() {
        String room = room();
        try (WsClient talker = connect()) {
            ChatFrames.join(talker, room);
            long last;
            try (WsClient listener = connect()) {
                ChatFrames.join(listener, room);
                last = ChatFrames.chat(talker, room, "before");
                assertEquals(last, ChatFrames.id(listener.next()));
            }
            for (int i = 1; i <= 5; i++) {
                ChatFrames.chat(talker, room, "gap" + i);
            }
            try (WsClient back = connect()) {
                back.send("{\"event\":\"join\",\"room\":\"" + room + "\",\"since\":" + last + "}");
                assertEquals("{\"joined\":\"" + room + "\",\"recovered\":true}", back.next());
                for (int i = 1; i <= 5; i++) {
                    assertEquals("gap" + i + "@" + room, ChatFrames.summary(back.next()));
                }
                ChatFrames.chat(talker, room, "live");
                assertEquals("live@" + room, ChatFrames.summary(back.next()), "no chat twice, none left out");
                assertNull(back.poll());
            }
        }
    }

    @Test
    void reconnectingWithSinceResumesHq() {
        try (WsClient talker = connect()) {
            talker.send("{\"event\":\"chat\",\"text\":\"mark\"}");
            long mark = ChatFrames.id(talker.next());
            talker.send("{\"event\":\"chat\",\"text\":\"missed\"}");
            talker.next();
            WsClient back =
                    WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws") + "?since=" + mark));
            try (back) {
                assertEquals("{\"joined\":\"hq\",\"recovered\":true}", back.next());
                List<String> heard = new ArrayList<>();
                String message;
                while (!(message = ChatFrames.summary(back.next())).equals("missed@hq")) {
                    heard.add(message);
                }
                assertFalse(heard.contains("mark@hq"), "nothing up to since is sent again: " + heard);
            }
        }
    }

    @Test
    void aResumeWhileAnotherMemberChatsWithoutPauseHasNoGapAndNoDuplicate() throws Exception {
        String room = room();
        try (WsClient talker = connect()) {
            ChatFrames.join(talker, room);
            Handover.assertNoGapNoDuplicate(room, talker, handover -> connect(), 6);
        }
    }

    @Test
    void historyGivesTheNewestChatsOfARoomOnlyToItsMembers() {
        String room = room();
        try (WsClient a = connect();
                WsClient outsider = connect()) {
            ChatFrames.join(a, room);
            for (int i = 1; i <= 4; i++) {
                ChatFrames.chat(a, room, "h" + i);
            }
            a.send("{\"event\":\"history\",\"room\":\"" + room + "\",\"limit\":2}");
            JsonNode history = ChatFrames.parse(a.next());
            assertEquals(room, history.get("room").asText());
            assertEquals(2, history.get("history").size());
            assertEquals("h3", history.get("history").get(0).get("chat").asText(), "oldest first");
            assertEquals("h4", history.get("history").get(1).get("chat").asText());
            a.send("{\"event\":\"history\",\"room\":\"" + room + "\"}");
            assertEquals(4, ChatFrames.parse(a.next()).get("history").size(), "without a limit: all retained");

            outsider.send("{\"event\":\"history\",\"room\":\"" + room + "\",\"limit\":2}");
            assertEquals("{\"error\":\"not a member of room " + room + "\"}", outsider.next());
            outsider.send("{\"event\":\"members\",\"room\":\"" + room + "\"}");
            assertEquals("{\"error\":\"not a member of room " + room + "\"}", outsider.next());
            a.send("{\"event\":\"history\",\"room\":\"" + room + "\",\"limit\":0}");
            assertEquals("{\"error\":\"limit must be a whole number from 1 to 100\"}", a.next());
        }
    }

    @Test
    void membersCountsTheRoom() {
        String room = room();
        try (WsClient a = connect();
                WsClient b = connect()) {
            ChatFrames.join(a, room);
            ChatFrames.join(b, room);
            a.send("{\"event\":\"members\",\"room\":\"" + room + "\"}");
            assertEquals("{\"members\":[],\"count\":2,\"room\":\"" + room + "\"}", a.next());
        }
    }

    @Test
    void aResumeOlderThanWhatTheRoomRetainsSaysSoAndSendsWhatIsRetained() {
        String room = room();
        try (WsClient a = connect();
                WsClient b = connect()) {
            ChatFrames.join(a, room);
            ChatFrames.join(b, room);
            long first = ChatFrames.chat(a, room, "c0");
            b.next();
            for (int i = 1; i <= 101; i++) {
                // Two senders, each well under the message rate.
                WsClient sender = i % 2 == 0 ? a : b;
                WsClient other = sender == a ? b : a;
                ChatFrames.chat(sender, room, "c" + i);
                other.next();
            }
            try (WsClient late = connect()) {
                late.send("{\"event\":\"join\",\"room\":\"" + room + "\",\"since\":" + first + "}");
                assertEquals("{\"joined\":\"" + room + "\",\"recovered\":false}", late.next());
                assertEquals("c2@" + room, ChatFrames.summary(late.next()), "the oldest of the 100 retained");
            }
        }
    }

    @Test
    void aBadSinceIsAnsweredAndChangesNothing() {
        String room = room();
        try (WsClient a = connect()) {
            long newest = ChatFrames.chat(a, "hq", "newest");
            for (String since : List.of("-1", "1.5", "\"3\"", "null-ish")) {
                a.send("{\"event\":\"join\",\"room\":\"" + room + "\",\"since\":" + since + "}");
                String reply = a.next();
                assertTrue(reply.startsWith("{\"error\":"), since + " -> " + reply);
            }
            a.send("{\"event\":\"join\",\"room\":\"" + room + "\",\"since\":" + (newest + 1_000_000) + "}");
            assertTrue(a.next().startsWith("{\"error\":\"since " + (newest + 1_000_000) + " is beyond the newest id"));
            a.send("{\"event\":\"chat\",\"room\":\"" + room + "\",\"text\":\"in?\"}");
            assertEquals("{\"error\":\"not a member of room " + room + "\"}", a.next(), "the bad joins joined nothing");
            assertFalse(a.isClosed());
        }
        WsClient bad = WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws") + "?since=yesterday"));
        try (bad) {
            assertEquals("{\"error\":\"" + CommsCommand.BAD_SINCE + "\"}", bad.next());
            bad.send("{\"event\":\"chat\",\"text\":\"still in hq\"}");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> ChatFrames.summary(bad.next()).equals("still in hq@hq"));
        }
    }
}
