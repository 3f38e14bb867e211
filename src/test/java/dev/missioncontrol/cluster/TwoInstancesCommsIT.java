package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.Handover;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Comms across two packaged instances on one Redis: a chat is heard once by members on both, member counts are
 * global, and the members of an instance killed with {@code kill -9} are removed (with {@code comms.left}) within the
 * presence TTL plus one refresh (here 3 s and 1 s; by default 15 s and 5 s); a member resumes on either instance
 * with no gap and no duplicate, also while another chats; a chat while Redis is down is refused, never delivered later.
 */
class TwoInstancesCommsIT {

    private RedisFixture redis;
    private ServiceProcess a;
    private ServiceProcess b;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start();
        Map<String, String> settings =
                Map.of("mission-control.comms.presence-ttl", "3s", "mission-control.comms.presence-refresh", "1s");
        a = redis.instance("comms-a", settings);
        b = redis.instance("comms-b", settings);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static JsonNode next(SseClient events, String type) {
        return EventStreams.json(EventStreams.next(events, type));
    }

    @Test
    void aChatIsHeardOnceOnEveryInstanceAndCountsAreGlobal() throws Exception {
        try (SseClient events = EventStreams.open(a.uri("/"), "?type=comms.joined&type=comms.left")) {
            try (WsClient onA = WsClient.connect(a.ws("/comms"));
                    WsClient onB = WsClient.connect(b.ws("/comms"))) {
                int first = next(events, "comms.joined").get("members").asInt();
                int second = next(events, "comms.joined").get("members").asInt();
                // The two joins may be counted in either order; between them they are the first and the second.
                assertEquals(java.util.Set.of(1, 2), java.util.Set.of(first, second), "the count spans both instances");

                onA.send("{\"event\":\"chat\",\"text\":\"one\"}");
                assertEquals("one@hq", ChatFrames.summary(onA.next()), "the sender hears it");
                assertEquals("one@hq", ChatFrames.summary(onB.next()), "a member on the other instance hears it");
                onB.send("{\"event\":\"chat\",\"text\":\"two\"}");
                assertEquals("two@hq", ChatFrames.summary(onA.next()), "once: the next message is the next chat");
                assertEquals("two@hq", ChatFrames.summary(onB.next()));
            }
            JsonNode left1 = next(events, "comms.left");
            JsonNode left2 = next(events, "comms.left");
            assertEquals(
                    0,
                    Math.min(left1.get("members").asInt(), left2.get("members").asInt()));
        }
    }

    @Test
    void membersOfAKilledInstanceAreRemovedWithinThePresenceTtl() throws Exception {
        try (SseClient events = EventStreams.open(a.uri("/"), "?type=comms.joined&type=comms.left");
                WsClient onA = WsClient.connect(a.ws("/comms"))) {
            assertEquals(1, next(events, "comms.joined").get("members").asInt());
            WsClient onB = WsClient.connect(b.ws("/comms"));
            JsonNode joined = next(events, "comms.joined");
            assertEquals(2, joined.get("members").asInt());

            b.close(); // kill -9: no goodbye, the socket of onB just breaks
            // The presence TTL (3 s) plus a refresh (1 s), well inside the event stream's read timeout.
            JsonNode left = next(events, "comms.left");
            assertEquals(
                    joined.get("connection").asText(), left.get("connection").asText());
            assertEquals(1, left.get("members").asInt(), "only the member on the live instance remains");
            onB.close();
        }
    }

    @Test
    void aMemberResumesOnTheOtherInstanceWithWhatItMissedAndSeesEveryonesMembers() throws Exception {
        try (WsClient talker = WsClient.connect(b.ws("/comms"))) {
            ChatFrames.join(talker, "alerts");
            long last;
            try (WsClient member = WsClient.connect(a.ws("/comms"))) {
                ChatFrames.join(member, "alerts");
                member.send("{\"event\":\"members\",\"room\":\"alerts\"}");
                assertEquals(
                        "{\"members\":[],\"count\":2,\"room\":\"alerts\"}",
                        member.next(),
                        "the member on A counts the talker on B");
                last = ChatFrames.chat(talker, "alerts", "seen");
                assertEquals(last, ChatFrames.id(member.next()));
            }
            for (int i = 1; i <= 3; i++) {
                ChatFrames.chat(talker, "alerts", "gap" + i);
            }
            // Back on the talker's instance this time: retention is shared.
            try (WsClient back = WsClient.connect(b.ws("/comms"))) {
                back.send("{\"event\":\"join\",\"room\":\"alerts\",\"since\":" + last + "}");
                assertEquals("{\"joined\":\"alerts\",\"recovered\":true}", back.next());
                for (int i = 1; i <= 3; i++) {
                    assertEquals("gap" + i + "@alerts", ChatFrames.summary(back.next()));
                }
                ChatFrames.chat(talker, "alerts", "live");
                assertEquals("live@alerts", ChatFrames.summary(back.next()));
                back.send("{\"event\":\"history\",\"room\":\"alerts\",\"limit\":2}");
                JsonNode history = ChatFrames.parse(back.next());
                assertEquals("gap3", history.get("history").get(0).get("chat").asText());
                assertEquals("live", history.get("history").get(1).get("chat").asText());
            }
        }
    }

    @Test
    void membersResumingOnEitherInstanceWhileAnotherChatsMissNothingAndGetNothingTwice() throws Exception {
        try (WsClient talker = WsClient.connect(b.ws("/comms"))) {
            ChatFrames.join(talker, "handover");
            // Alternating instances: the catch-up is read from Redis while live chats come through each one's reader.
            Handover.assertNoGapNoDuplicate(
                    "handover", talker, handover -> WsClient.connect((handover % 2 == 0 ? a : b).ws("/comms")), 6);
        }
    }

    @Test
    void aChatWhileRedisIsDownIsRefusedAtOnceAndNeverDeliveredLater() throws Exception {
        try (WsClient sender = WsClient.connect(a.ws("/comms"));
                WsClient other = WsClient.connect(b.ws("/comms"))) {
            ChatFrames.join(sender, "ops");
            ChatFrames.join(other, "ops");
            ChatFrames.chat(sender, "ops", "before");
            assertEquals("before@ops", ChatFrames.summary(other.next()));

            redis.redis().kill();
            long sent = System.nanoTime();
            sender.send("{\"event\":\"chat\",\"room\":\"ops\",\"text\":\"during\"}");
            String refused = sender.next();
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(refused.startsWith("{\"error\":\"not delivered: "), refused);
            assertTrue(tookMillis <= 2500, "refused within the timeout: " + tookMillis + " ms");

            redis.redis().restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                sender.send("{\"event\":\"chat\",\"room\":\"ops\",\"text\":\"after\"}");
                return !sender.next().startsWith("{\"error\"");
            });
            assertEquals(
                    "after@ops",
                    ChatFrames.summary(other.next(Duration.ofSeconds(15))),
                    "the refused chat never arrives; the next one does");
            java.util.regex.Matcher notDelivered = java.util.regex.Pattern.compile(
                            "(?m)^mission_control_comms_chats_not_delivered_total (\\S+)$")
                    .matcher(a.get("/q/metrics").body());
            assertTrue(notDelivered.find() && Double.parseDouble(notDelivered.group(1)) >= 1, "refusals are counted");
        }
    }
}
