package dev.missioncontrol.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.log.LogEntry;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis dispatch queue of two instances on one real Redis: a dispatch recorded by one and then again by the other
 * (the takeover after a crash that came right after the record, or a retry after a lost reply) is in the log once and
 * has one {@code dispatch.recorded} event; dispatches held by an instance that stopped are taken over; an
 * idempotency key is one for the whole deployment; {@code max-pending} counts the whole deployment.
 */
class RedisDispatchQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instance's queue, with the dispatches it was handed to hold. */
    private record Instance(RedisDispatchQueue queue, List<Dispatch> held, RedisLink link) {}

    private RedisFixture redis;
    // Direct commands go through the newest instance's link (an older one may have been closed by the test).
    private RedisLink lastLink;

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

    private Instance instance(int maxPending) {
        return instance(maxPending, 0);
    }

    private Instance instance(int maxPending, int waitReplicas) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisLink link = redis.link(registry);
        lastLink = link;
        RedisEventTransport events = new RedisEventTransport(link, 1000, 1000, registry);
        // The broker only serialises payloads here: the scripts append events to the stream themselves.
        EventBroker broker = new EventBroker(events, null, JSON);
        RedisDispatchQueue queue = new RedisDispatchQueue(
                link,
                broker,
                1000,
                new QueueSettings(maxPending, Duration.ofHours(24)),
                () -> 1000,
                new DispatchMetrics(registry),
                waitReplicas,
                500);
        List<Dispatch> held = Collections.synchronizedList(new ArrayList<>());
        queue.start(held::add);
        await().atMost(Duration.ofSeconds(10)).until(link::allConnected);
        return new Instance(queue, held, link);
    }

    private Response redis(Request request) throws Exception {
        return lastLink.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private List<String> log() throws Exception {
        List<String> heroes = new ArrayList<>();
        for (Response stored :
                redis(Request.cmd(Command.LRANGE).arg("test:log").arg(0).arg(-1))) {
            LogEntry entry = LogEntry.parse(stored.toString());
            assertTrue(entry.recordedMillis() > 0, "each entry keeps its record time: " + stored);
            heroes.add(entry.hero());
        }
        return heroes;
    }

    /** The data of every {@code dispatch.recorded} event in the event stream. */
    private List<String> recordedEvents() throws Exception {
        List<String> data = new ArrayList<>();
        for (Response entry :
                redis(Request.cmd(Command.XRANGE).arg("test:events").arg("-").arg("+"))) {
            Response fields = entry.get(1);
            if ("dispatch.recorded".equals(fields.get(1).toString())) {
                data.add(fields.get(3).toString());
            }
        }
        return data;
    }

    private static Acceptance accept(Instance instance, String hero, String key) throws Exception {
        return instance.queue().accept(hero, key, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Waits until one of the instances holds this many dispatches in all, and returns them with their holder. */
    private static Instance holderOf(int count, Instance... instances) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> java.util.Arrays.stream(instances)
                                .mapToInt(i -> i.held().size())
                                .sum()
                        == count);
        return java.util.Arrays.stream(instances)
                .filter(i -> !i.held().isEmpty())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void withWaitReplicasA202WaitsUntilThatManyReplicasHoldTheDispatch() throws Exception {
        Instance instance = instance(100, 1);
        // No replica yet: the primary took it, but nobody confirms it, so the answer is 503 (NOT_CONFIRMED).
        long start = System.nanoTime();
        ExecutionException unconfirmed = assertThrows(ExecutionException.class, () -> accept(instance, "Ajax", "k1"));
        assertTrue(
                unconfirmed.getCause() instanceof DispatchRefused refused
                        && refused.reason() == DispatchRefused.Reason.NOT_CONFIRMED,
                String.valueOf(unconfirmed.getCause()));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "answered within about the WAIT timeout");
        try (RedisServer replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", redisPort()))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> RedisServer.command(replica.port(), "INFO", "replication")
                            .get(0)
                            .contains("master_link_status:up"));
            // The retry with the same key is answered from it, now confirmed by the replica.
            Acceptance retried = accept(instance, "Ajax", "k1");
            assertEquals(Acceptance.Outcome.REPEAT, retried.outcome());
            assertEquals(
                    Acceptance.Outcome.ACCEPTED, accept(instance, "Storm", null).outcome());
        }
    }

    private String redisPort() {
        String url = redis.redis().url();
        return url.substring(url.lastIndexOf(':') + 1);
    }

    @Test
    void aDispatchRecordedAgainByAnotherInstanceIsInTheLogOnce() throws Exception {
        Instance a = instance(100);
        Instance b = instance(100);
        Acceptance accepted = accept(a, "Volt", null);
        assertEquals(Acceptance.Outcome.ACCEPTED, accepted.outcome());
        Instance holder = holderOf(1, a, b);
        Dispatch dispatch = holder.held().get(0);
        assertEquals(accepted.dispatch().id(), dispatch.id());
        Instance other = holder == a ? b : a;

        assertEquals(List.of(dispatch), holder.queue().record(List.of(dispatch)));
        // The holder "crashed" right after its record: the other takes over what it held and records it too, and a
        // retry by the holder itself (its reply was lost) does the same. Record and acknowledge are one step, so
        // both find it recorded.
        assertEquals(List.of(), other.queue().record(List.of(dispatch)));
        assertEquals(List.of(), holder.queue().record(List.of(dispatch)));

        assertEquals(List.of("Volt"), log());
        List<String> events = recordedEvents();
        assertEquals(1, events.size(), events.toString());
        assertEquals(dispatch.id(), JSON.readTree(events.get(0)).get("id").asText());
        assertEquals(
                0, redis(Request.cmd(Command.XLEN).arg("test:dispatch:queue")).toLong(), "nothing left pending");
    }

    @Test
    void dispatchesHeldByAnInstanceThatStoppedAreTakenOverAndRecordedOnce() throws Exception {
        Instance a = instance(1000);
        for (int i = 0; i < 50; i++) {
            accept(a, "Held-" + i, null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.held().size() == 50);
        // a stops without recording anything: its dispatches stay pending in the group, owned by a.
        a.queue().stopTaking();
        a.link().close();

        Instance b = instance(1000);
        b.queue().takeOver();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.held().size() == 50);
        List<Dispatch> recorded = b.queue().record(new ArrayList<>(b.held()));
        assertEquals(50, recorded.size());
        List<String> log = log();
        assertEquals(50, log.size());
        assertEquals(50, log.stream().distinct().count(), "each once");
        assertEquals(50, recordedEvents().stream().distinct().count());
        // a's consumer, nothing pending any more and silent, leaves the group; b's stays.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    b.queue().takeOver();
                    return consumers().size() == 1;
                });
        assertEquals(1, consumers().size());
    }

    /** The consumers of the dispatch group, by XINFO CONSUMERS. */
    private List<Response> consumers() throws Exception {
        List<Response> consumers = new ArrayList<>();
        redis(Request.cmd(Command.XINFO)
                        .arg("CONSUMERS")
                        .arg("test:dispatch:queue")
                        .arg("recorders"))
                .forEach(consumers::add);
        return consumers;
    }

    @Test
    void anIdempotencyKeyIsOneForEveryInstance() throws Exception {
        Instance a = instance(100);
        Instance b = instance(100);
        CompletableFuture<Acceptance> onA =
                a.queue().accept("Gale", "key-1", null).toCompletableFuture();
        CompletableFuture<Acceptance> onB =
                b.queue().accept("Gale", "key-1", null).toCompletableFuture();
        List<Acceptance.Outcome> outcomes = List.of(
                onA.get(5, TimeUnit.SECONDS).outcome(),
                onB.get(5, TimeUnit.SECONDS).outcome());
        assertTrue(
                outcomes.contains(Acceptance.Outcome.ACCEPTED) && outcomes.contains(Acceptance.Outcome.REPEAT),
                outcomes.toString());
        assertEquals(onA.get().dispatch().id(), onB.get().dispatch().id(), "the same answer, the same dispatch");
        assertEquals(Acceptance.Outcome.OTHER_HERO, accept(b, "Storm", "key-1").outcome());
        assertEquals(
                1,
                redis(Request.cmd(Command.XLEN).arg("test:dispatch:queue")).toLong() + log().size(),
                "one dispatch, pending or recorded");
    }

    @Test
    void maxPendingCountsTheWholeDeployment() throws Exception {
        Instance a = instance(2);
        Instance b = instance(2);
        accept(a, "One", null);
        accept(b, "Two", null);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> accept(a, "Three", null));
        assertInstanceOf(DispatchRefused.class, refused.getCause());
        assertEquals(DispatchRefused.Reason.FULL, ((DispatchRefused) refused.getCause()).reason());
    }
}
