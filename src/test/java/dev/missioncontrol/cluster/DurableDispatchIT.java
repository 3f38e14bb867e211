package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable dispatch with {@code transport=redis}, packaged instances as real processes on a real Redis: an instance
 * holding 200 accepted dispatches is killed with SIGKILL in the middle of their 3 s scramble, and another instance, or
 * the same one restarted, records every one of them exactly once (the log and the {@code dispatch.recorded} events
 * both show 200 distinct dispatches); SIGTERM records what an instance holds before it exits; an idempotency key holds
 * across instances.
 */
class DurableDispatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COUNT = 200;
    private static final Duration SCRAMBLE = Duration.ofSeconds(3);
    // With two instances the second must start while the first still holds all 200 unrecorded: 200 dispatches and a
    // JVM start take 3-4 s here, and 8 s under CI's load, so the scramble is longer there.
    private static final Duration TWO_INSTANCE_SCRAMBLE = Duration.ofSeconds(20);
    private static final Duration CLAIM_AFTER = Duration.ofSeconds(2);

    private RedisFixture deployment;

    @BeforeEach
    void setUp() throws Exception {
        deployment = RedisFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    private ServiceProcess start(String name) throws Exception {
        return start(name, SCRAMBLE);
    }

    private ServiceProcess start(String name, Duration scramble) throws Exception {
        return deployment.instance(
                name,
                Map.of(
                        "mission-control.dispatch.scramble-time",
                        scramble.toSeconds() + "s",
                        "mission-control.dispatch.claim-after",
                        CLAIM_AFTER.toSeconds() + "s",
                        "mission-control.dispatch.claim-interval",
                        "1s"));
    }

    /** Readiness reports the dispatches this instance holds and has not recorded. */
    private static int heldBy(ServiceProcess service) throws Exception {
        for (JsonNode check :
                JSON.readTree(service.get("/q/health/ready").body()).get("checks")) {
            if ("mission-control".equals(check.get("name").asText())) {
                return check.get("data").get("pendingDispatches").asInt();
            }
        }
        throw new AssertionError("no mission-control readiness check");
    }

    /** Dispatches COUNT heroes to the instance; returns the dispatch ids from their Location headers. */
    private static Set<String> dispatch(ServiceProcess service, String prefix) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            HttpResponse<String> response = service.post("/missions/dispatch?hero=" + prefix + i);
            assertEquals(202, response.statusCode(), response.body());
            assertEquals("{\"dispatched\":\"" + prefix + i + "\"}", response.body());
            String location = response.headers().firstValue("Location").orElseThrow();
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        }
        assertEquals(COUNT, ids.size());
        return ids;
    }

    /**
     * Reads dispatch.recorded events until every id in {@code ids} came; returns every id seen, those seen before
     * ({@code seenBefore}) first.
     */
    private static List<String> recordedIds(SseClient events, Set<String> ids, List<String> seenBefore) {
        List<String> seen = new ArrayList<>(seenBefore);
        while (!seen.containsAll(ids)) {
            JsonNode data = EventStreams.json(EventStreams.next(events, "dispatch.recorded"));
            seen.add(data.get("id").asText());
        }
        return seen;
    }

    private void assertEachRecordedOnce(
            ServiceProcess survivor,
            String prefix,
            Set<String> ids,
            SseClient events,
            long killedAt,
            Duration scramble,
            List<String> recordedBefore)
            throws Exception {
        Duration bound = CLAIM_AFTER.plus(scramble).plusSeconds(10);
        await().atMost(bound)
                .until(() -> survivor.missionLog().stream()
                                .filter(h -> h.startsWith(prefix))
                                .count()
                        >= COUNT);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        List<String> heroes =
                survivor.missionLog().stream().filter(h -> h.startsWith(prefix)).toList();
        assertEquals(COUNT, heroes.size(), "every accepted dispatch recorded: " + heroes.size());
        assertEquals(COUNT, heroes.stream().distinct().count(), "each once");
        List<String> recorded = recordedIds(events, ids, recordedBefore);
        assertEquals(COUNT, new HashSet<>(recorded).size());
        assertEquals(COUNT, recorded.size(), "one dispatch.recorded per dispatch: " + recorded.size());
        for (String id : ids) {
            JsonNode status =
                    JSON.readTree(survivor.get("/missions/dispatches/" + id).body());
            assertEquals("recorded", status.get("status").asText(), status.toString());
        }
        System.out.printf(
                "DurableDispatchIT: %d dispatches recorded, %d of them before the kill, the last %d ms after it%n",
                COUNT, recordedBefore.size(), tookMillis);
    }

    @Test
    void anotherInstanceRecordsEveryDispatchOfOneKilledMidScramble() throws Exception {
        ServiceProcess a = start("durable-a", TWO_INSTANCE_SCRAMBLE);
        Set<String> ids = dispatch(a, "Crash-");
        // a alone was reading the queue: it holds every one, and none is recorded before its scramble ends.
        await().atMost(Duration.ofSeconds(5)).until(() -> heldBy(a) == COUNT);
        ServiceProcess b = start("durable-b", TWO_INSTANCE_SCRAMBLE);
        try (SseClient events = EventStreams.open(b.uri("/"), "?type=dispatch.recorded")) {
            assertTrue(b.missionLog().stream().noneMatch(h -> h.startsWith("Crash-")), "killed before any record");
            a.kill();
            long killedAt = System.nanoTime();
            assertEachRecordedOnce(b, "Crash-", ids, events, killedAt, TWO_INSTANCE_SCRAMBLE, List.of());
        }
        String metrics = b.get("/q/metrics").body();
        assertTrue(metrics.contains("mission_control_dispatch_taken_over_total " + COUNT + ".0"), metrics);
    }

    @Test
    void aLoneInstanceRestartedAfterTheKillRecordsThem() throws Exception {
        ServiceProcess a = start("durable-alone");
        String lastSeen;
        Set<String> ids;
        // The scramble is the 3 s: on a slow machine the first few may be recorded before the kill. They are
        // read here, so the test holds whatever the machine's speed.
        List<String> recordedBefore = new ArrayList<>();
        try (SseClient stream = EventStreams.open(a.uri("/"), "?type=dispatch")) {
            ids = dispatch(a, "Alone-");
            SseClient.Frame frame = null;
            int accepted = 0;
            while (accepted < COUNT) {
                frame = stream.nextEvent();
                if ("dispatch.accepted".equals(frame.event())) {
                    accepted++;
                } else {
                    assertEquals("dispatch.recorded", frame.event(), frame.toString());
                    recordedBefore.add(EventStreams.json(frame).get("id").asText());
                }
            }
            lastSeen = frame.id();
        }
        a.kill();
        long killedAt = System.nanoTime();
        ServiceProcess again = start("durable-alone-again");
        // The restarted instance may record some before this client connects: it resumes from the last event it saw.
        try (SseClient events =
                EventStreams.open(again.uri("/"), "?type=dispatch.recorded", Map.of("Last-Event-ID", lastSeen))) {
            assertEachRecordedOnce(again, "Alone-", ids, events, killedAt, SCRAMBLE, recordedBefore);
        }
    }

    @Test
    void sigtermRecordsWhatTheInstanceHoldsBeforeItExits() throws Exception {
        ServiceProcess a = start("durable-sigterm", Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            assertEquals(202, a.post("/missions/dispatch?hero=Term-" + i).statusCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> heldBy(a) == 20);
        a.terminate();
        int exit = a.exitCode(Duration.ofSeconds(30));
        assertTrue(exit == 0 || exit == 143, "exit status " + exit);
        assertTrue(a.output().contains("shutdown: 20 pending dispatches recorded"), a.output());
        // Recorded in Redis before the exit, not left for another instance: one started now finds them all at once.
        ServiceProcess b = start("durable-after-sigterm");
        List<String> log = b.missionLog();
        assertEquals(
                20, log.stream().filter(h -> h.startsWith("Term-")).distinct().count(), log.toString());
        assertEquals(20, log.size());
    }

    @Test
    void anIdempotencyKeyHoldsAcrossInstances() throws Exception {
        ServiceProcess a = start("idempotent-a");
        ServiceProcess b = start("idempotent-b");
        Map<String, String> key = Map.of("Idempotency-Key", "\"retry-1\"");
        CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> post(a, key, "Twice"));
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> post(b, key, "Twice"));
        HttpResponse<String> first = onA.join();
        HttpResponse<String> second = onB.join();
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, second.statusCode(), second.body());
        assertEquals(first.body(), second.body());
        assertEquals(first.headers().firstValue("Location"), second.headers().firstValue("Location"), "one dispatch");
        HttpResponse<String> other = post(b, key, "Someone-Else");
        assertEquals(422, other.statusCode(), other.body());
        await().atMost(SCRAMBLE.plusSeconds(10)).until(() -> a.missionLog().contains("Twice"));
        assertEquals(1, b.missionLog().stream().filter("Twice"::equals).count());
        assertTrue(b.missionLog().stream().noneMatch("Someone-Else"::equals));
    }

    private static HttpResponse<String> post(ServiceProcess service, Map<String, String> headers, String hero) {
        try {
            return service.post("/missions/dispatch?hero=" + hero, headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
