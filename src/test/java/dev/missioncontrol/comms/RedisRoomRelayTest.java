package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.EventsConfig;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.RedisFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' relays on one real Redis: a chat is numbered on the shared event stream and retained in its room's
 * history, which every instance reads alike; retention is exact about what it trimmed; a chat Redis cannot take in
 * time fails at once and is not appended afterwards.
 */
class RedisRoomRelayTest {

    private static final int HISTORY = 5;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RedisFixture redis;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static <T> T config(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
                    case "presenceTtl" -> Duration.ofSeconds(15);
                    case "history" -> HISTORY;
                    case "historyTtl" -> Duration.ofDays(1);
                    case "replay" -> 1000;
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }

    private RedisRoomRelay relay() {
        RedisLink link = redis.link(new SimpleMeterRegistry());
        RedisEventTransport events = new RedisEventTransport(link, 1000, 100, new SimpleMeterRegistry());
        events.start();
        RedisRoomRelay relay =
                new RedisRoomRelay(link, events, config(EventsConfig.class), config(CommsConfig.class), MAPPER);
        await().atMost(Duration.ofSeconds(10)).until(relay::clockKnown);
        return relay;
    }

    private static long chat(RedisRoomRelay relay, String room, String text) {
        String json = "{\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"ts\":\"2026-12-07T00:00:00Z\"}";
        return relay.publish(room, json.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .join();
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static List<String> texts(List<ChatFrame> chats) {
        return chats.stream().map(chat -> ChatFrames.text(chat.frame())).toList();
    }

    @Test
    void aChatIsNumberedOnTheEventStreamAndEveryInstanceReadsTheSameHistory() throws Exception {
        RedisRoomRelay a = relay();
        RedisRoomRelay b = relay();
        long first = chat(a, "alerts", "one");
        long second = chat(b, "alerts", "two");
        long other = chat(a, "ops", "elsewhere");
        assertTrue(first > 0 && second == first + 1 && other == second + 1, "one sequence: " + first + ", " + second);
        for (RedisRoomRelay relay : List.of(a, b)) {
            Recovery all = get(relay.since("alerts", 0));
            assertTrue(all.recovered());
            assertEquals(List.of("one", "two"), texts(all.chats()), "only the room's own chats, oldest first");
            assertEquals(
                    List.of(second),
                    all.chats().stream().map(ChatFrame::id).toList().subList(1, 2));
            assertEquals(List.of("two"), texts(get(relay.since("alerts", first)).chats()));
            assertEquals(List.of("two"), texts(get(relay.newest("alerts", 1))));
            assertTrue(get(relay.newestId()) >= other);
        }
    }

    @Test
    void retentionKeepsTheNewestAndKnowsExactlyWhatItTrimmed() throws Exception {
        RedisRoomRelay relay = relay();
        long[] ids = new long[HISTORY + 3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = chat(relay, "hq", "c" + i);
        }
        Recovery fromStart = get(relay.since("hq", 0));
        assertFalse(fromStart.recovered(), "three chats were trimmed");
        assertEquals(List.of("c3", "c4", "c5", "c6", "c7"), texts(fromStart.chats()));
        assertFalse(get(relay.since("hq", ids[1])).recovered(), "c2 is gone");
        Recovery fromC2 = get(relay.since("hq", ids[2]));
        assertTrue(fromC2.recovered(), "everything after c2 is retained");
        assertEquals(HISTORY, fromC2.chats().size());
        assertEquals(List.of("c5", "c6", "c7"), texts(get(relay.newest("hq", 3))));
        assertEquals(HISTORY, get(relay.newest("hq", 100)).size());
    }

    @Test
    void aChatRedisCannotTakeInTimeFailsAtOnceAndIsNeverAppendedLater() throws Exception {
        RedisRoomRelay relay = relay();
        long before = chat(relay, "hq", "before");
        // Writes paused past the publish timeout: the connection stays open and the script waits in Redis.
        get(redis.link(new SimpleMeterRegistry())
                .send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("WRITE"))
                .toCompletionStage());
        long sent = System.nanoTime();
        CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class, () -> chat(relay, "hq", "during"));
        long tookMillis = (System.nanoTime() - sent) / 1_000_000;
        assertInstanceOf(RoomRelay.NotDelivered.class, failed.getCause());
        assertTrue(tookMillis <= 2500, "not delivered within the timeout: " + tookMillis + " ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return chat(relay, "hq", "after") > before;
            } catch (CompletionException stillPaused) {
                return false;
            }
        });
        List<String> retained = texts(get(relay.since("hq", before)).chats());
        assertFalse(retained.contains("during"), "the refused chat was not appended when Redis resumed: " + retained);
        assertEquals("after", retained.get(0));
    }

    @Test
    void aChatWhileRedisIsDownFailsAtOnce() throws Exception {
        RedisRoomRelay relay = relay();
        chat(relay, "hq", "before");
        redis.redis().kill();
        long sent = System.nanoTime();
        CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class, () -> chat(relay, "hq", "lost?"));
        assertInstanceOf(RoomRelay.NotDelivered.class, failed.getCause());
        assertTrue((System.nanoTime() - sent) / 1_000_000 <= 2500);
    }
}
