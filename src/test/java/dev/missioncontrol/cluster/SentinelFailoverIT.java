package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.RedisServer;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.Tools;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis Sentinel failover under load, every process real: a primary, two replicas, a sentinel
 * ({@code redis-server --sentinel}) and a packaged instance configured only with the extension's standard properties
 * ({@code quarkus.redis.hosts} = the sentinel, {@code client-type=sentinel}, {@code master-name}) and
 * {@code mission-control.redis.wait-replicas=1}. Dispatches arrive at 10 a second; the primary is killed with SIGKILL.
 * Every request is answered {@code 202} or {@code 503} within 5 s, every {@code 202} is recorded exactly once after
 * the failover, event ids on a stream opened before it only go up, readiness is DOWN during it and UP after, and
 * dispatches are accepted again on the new primary.
 */
class SentinelFailoverIT {

    private static final String MASTER = "mymaster";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();

    /** One dispatch request: its status (-1 for no answer) and how long the answer took, in ms. */
    private record Answer(String hero, int status, long millis) {}

    @AfterEach
    void tearDown() throws Exception {
        load.shutdownNow();
        Collections.reverse(running);
        for (AutoCloseable process : running) {
            process.close();
        }
    }

    private <T extends AutoCloseable> T keep(T process) {
        running.add(process);
        return process;
    }

    @Test
    void aKilledPrimaryIsFollowedAndNoAcceptedDispatchIsLost() throws Exception {
        Tools.require(RedisServer.missing());
        RedisServer primary = keep(RedisServer.start());
        List<String> replicaOf = List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port()));
        keep(RedisServer.start(replicaOf));
        keep(RedisServer.start(replicaOf));
        RedisServer sentinel = keep(RedisServer.sentinel(primary, MASTER));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentinelSees(sentinel, "num-slaves", "2"));

        ServiceProcess service = keep(ServiceProcess.start(
                "sentinel-failover",
                Map.of(
                        "mission-control.transport", "redis",
                        "quarkus.redis.hosts", "redis://127.0.0.1:" + sentinel.port(),
                        "quarkus.redis.client-type", "sentinel",
                        "quarkus.redis.master-name", MASTER,
                        "mission-control.redis.wait-replicas", "1",
                        "mission-control.dispatch.scramble-time", "1s",
                        "mission-control.dispatch.claim-after", "2s",
                        "mission-control.dispatch.claim-interval", "1s")));
        SseClient events = keep(EventStreams.open(service.uri("/"), ""));
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());

        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        load.scheduleAtFixedRate(
                () -> dispatch(service, "H" + sent.incrementAndGet(), answers), 0, 100, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(answers) >= 20);

        primary.kill();
        List<String> readiness = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> readiness.add(ready(service)) && readiness.contains("DOWN"));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "UP".equals(ready(service)));
        int acceptedBefore = accepted(answers);
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted(answers) >= acceptedBefore + 20);
        load.shutdown();
        assertTrue(load.awaitTermination(10, TimeUnit.SECONDS));
        await().atMost(ANSWER_WITHIN.plusSeconds(2)).until(() -> answers.size() == sent.get());

        Map<Integer, Long> statuses =
                answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        List<Answer> slow = answers.stream()
                .filter(a -> a.status() < 0 || a.millis() > ANSWER_WITHIN.toMillis())
                .toList();
        assertEquals(List.of(), slow, "every request answered within 5 s; statuses " + statuses);
        assertEquals(Set.of(202, 503), Set.copyOf(statuses.keySet()), "only 202 and 503, both seen: " + statuses);

        Set<String> acceptedHeroes = answers.stream()
                .filter(a -> a.status() == 202)
                .map(Answer::hero)
                .collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> service.missionLog().containsAll(acceptedHeroes));
        Map<String, Long> recorded =
                service.missionLog().stream().collect(Collectors.groupingBy(h -> h, Collectors.counting()));
        List<String> twice = recorded.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(), twice, "each recorded once");

        for (SseClient.Frame frame : events.drain()) {
            if (frame.id() != null && !frame.isComment()) {
                ids.add(Long.parseLong(frame.id()));
            }
        }
        assertTrue(ids.size() >= acceptedHeroes.size(), "events seen: " + ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "event ids only go up: " + ids.get(i - 1) + " then " + ids.get(i));
        }
    }

    private void dispatch(ServiceProcess service, String hero, List<Answer> answers) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(service.uri("/missions/dispatch?hero=" + hero))
                .timeout(ANSWER_WITHIN.plusSeconds(1))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        CompletableFuture<HttpResponse<String>> reply = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        reply.whenComplete((response, failure) -> answers.add(new Answer(
                hero, failure == null ? response.statusCode() : -1, (System.nanoTime() - start) / 1_000_000L)));
    }

    private static int accepted(List<Answer> answers) {
        synchronized (answers) {
            return (int) answers.stream().filter(a -> a.status() == 202).count();
        }
    }

    private String ready(ServiceProcess service) {
        try {
            return service.get("/q/health/ready").statusCode() == 200 ? "UP" : "DOWN";
        } catch (Exception e) {
            return "no answer";
        }
    }

    /** Asks the sentinel for one field of what it knows of the primary (SENTINEL MASTER). */
    private static boolean sentinelSees(RedisServer sentinel, String field, String value) {
        List<String> reply = RedisServer.command(sentinel.port(), "SENTINEL", "MASTER", MASTER);
        int at = reply.indexOf(field);
        return at >= 0 && at + 1 < reply.size() && value.equals(reply.get(at + 1));
    }
}
