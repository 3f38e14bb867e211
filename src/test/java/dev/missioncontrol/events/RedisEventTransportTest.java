package dev.missioncontrol.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.support.RedisFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' transports on one real Redis: one stream of consecutive ids, the same events in the same order on
 * both, replay from either, and a Redis that is killed and comes back.
 */
class RedisEventTransportTest {

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

    /** A transport as one instance has it, with what its fan-out received. */
    private record Instance(RedisEventTransport transport, List<Event> received) {
        List<Long> ids() {
            synchronized (received) {
                return received.stream().map(Event::id).toList();
            }
        }
    }

    private Instance instance(int replay) {
        return instance(replay, 10_000);
    }

    private Instance instance(int replay, int publishQueue) {
        RedisLink link = redis.link(new SimpleMeterRegistry());
        RedisEventTransport transport = new RedisEventTransport(link, replay, publishQueue, new SimpleMeterRegistry());
        List<Event> received = Collections.synchronizedList(new ArrayList<>());
        transport.deliverTo(received::add);
        transport.start();
        await().atMost(Duration.ofSeconds(10)).until(transport::isDelivering);
        return new Instance(transport, received);
    }

    private static void publish(Instance instance, String text) {
        instance.transport().publish("test", ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one command on a link of the test's own, as an operator's redis-cli would. */
    private void command(Request request) throws Exception {
        redis.link(new SimpleMeterRegistry())
                .send(request)
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedReadIsTriedAgainOnTheOpenConnection() throws Exception {
        Instance a = instance(1000);
        publish(a, "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 1);
        // The stream key holds a string: XREAD now fails with WRONGTYPE while the connection stays open.
        command(Request.cmd(Command.DEL).arg("test:events"));
        command(Request.cmd(Command.SET).arg("test:events").arg("not a stream"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.transport().isDelivering());
        command(Request.cmd(Command.DEL).arg("test:events"));
        publish(a, "after");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 2);
        assertEquals(a.ids().get(0) + 1, a.ids().get(1), "the reader read on from where it stopped");
        await().atMost(Duration.ofSeconds(10)).until(a.transport()::isDelivering);
    }

    @Test
    void aFailedFillAtStartIsTriedAgain() throws Exception {
        command(Request.cmd(Command.SET).arg("test:events").arg("not a stream"));
        RedisEventTransport transport =
                new RedisEventTransport(redis.link(new SimpleMeterRegistry()), 1000, 1000, new SimpleMeterRegistry());
        List<Event> received = Collections.synchronizedList(new ArrayList<>());
        transport.deliverTo(received::add);
        transport.start();
        // XREVRANGE fails with WRONGTYPE: the ring cannot be filled, so the transport does not deliver.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !transport.isDelivering());
        command(Request.cmd(Command.DEL).arg("test:events"));
        await().atMost(Duration.ofSeconds(10)).until(transport::isDelivering);
        transport.publish("test", "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    }

    @Test
    void concurrentPublishersOnTwoInstancesMakeOneStreamOfConsecutiveIds() throws Exception {
        Instance a = instance(1000);
        Instance b = instance(1000);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] publishers = new Thread[4];
        for (int t = 0; t < publishers.length; t++) {
            Instance on = t % 2 == 0 ? a : b;
            int thread = t;
            publishers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 250; i++) {
                    publish(on, thread + "-" + i);
                }
            });
            publishers[t].start();
        }
        go.countDown();
        for (Thread publisher : publishers) {
            publisher.join();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> a.received().size() == 1000 && b.received().size() == 1000);
        List<Long> ids = a.ids();
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "ids are consecutive across instances");
        }
        assertEquals(ids, b.ids(), "both instances deliver the same ids in the same order");
        synchronized (a.received()) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(
                        new String(a.received().get(i).json(), StandardCharsets.UTF_8),
                        new String(b.received().get(i).json(), StandardCharsets.UTF_8));
            }
        }
        // Each publisher's own events keep their order.
        for (int t = 0; t < publishers.length; t++) {
            String prefix = "{\"text\":\"" + t + "-";
            int next = 0;
            synchronized (a.received()) {
                for (Event event : a.received()) {
                    String json = new String(event.json(), StandardCharsets.UTF_8);
                    if (json.startsWith(prefix)) {
                        assertEquals(prefix + next++ + "\"}", json);
                    }
                }
            }
            assertEquals(250, next);
        }
    }

    @Test
    void anInstanceStartedLaterReplaysFromTheStreamAndResetsPastItsWindow() {
        Instance a = instance(100);
        for (int i = 0; i < 150; i++) {
            publish(a, "e" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 150);
        long last = a.ids().get(149);

        Instance b = instance(100);
        assertEquals(last, b.transport().lastId(), "a new instance starts where the stream is");
        assertTrue(b.received().isEmpty(), "history is replayed on request, never pushed live");
        Replay tail = b.transport().replaySince(last - 10);
        assertFalse(tail.reset());
        assertEquals(10, tail.events().size());
        assertEquals(last - 9, tail.events().get(0).id());
        assertEquals("{\"text\":\"e149\"}", new String(tail.events().get(9).json(), StandardCharsets.UTF_8));
        assertTrue(b.transport().replaySince(last - 140).reset(), "older than what is retained: reset");
        assertEquals(
                a.transport().replaySince(last - 50).events().stream()
                        .map(Event::id)
                        .toList(),
                b.transport().replaySince(last - 50).events().stream()
                        .map(Event::id)
                        .toList(),
                "either instance replays the same events");
    }

    @Test
    void eventsPublishedWhileRedisIsAwayGoOutInOrderWhenItIsBack() throws Exception {
        Instance a = instance(1000);
        publish(a, "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 1);

        redis.redis().kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.transport().isDelivering());
        for (int i = 0; i < 20; i++) {
            publish(a, "away" + i);
        }
        redis.redis().restart();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> a.transport().isDelivering() && a.received().size() == 21);
        List<Long> ids = a.ids();
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "no gap across the outage");
        }
        synchronized (a.received()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(
                        "{\"text\":\"away" + i + "\"}",
                        new String(a.received().get(i + 1).json(), StandardCharsets.UTF_8));
            }
        }
    }

    private Response publishScript(RedisLink link, long sequence, String text) throws Exception {
        return publishScript(link, sequence, text, 0);
    }

    private Response publishScript(RedisLink link, long sequence, String text, long floor) throws Exception {
        return RedisEventPublisher.PUBLISH
                .run(
                        link::send,
                        3,
                        request -> request.arg("test:events:sequence")
                                .arg("test:events")
                                .arg("test:events:publisher:p1")
                                .arg(1000)
                                .arg("test")
                                .arg("{\"text\":\"" + text + "\"}")
                                .arg(System.currentTimeMillis())
                                .arg(sequence)
                                .arg(floor))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void anIdIsNeverAtOrBelowTheNewestThePublisherHasSeen() throws Exception {
        RedisLink link = redis.link(new SimpleMeterRegistry());
        assertEquals(1, publishScript(link, 1, "one").toLong());
        // As on a replica promoted after the primary was lost: the counter is behind what this instance already saw.
        assertEquals(11, publishScript(link, 2, "two", 10).toLong());
        assertEquals(12, publishScript(link, 3, "three", 10).toLong());
        assertEquals(13, publishScript(link, 4, "four").toLong());
    }

    @Test
    void aPublishSentAgainAfterABrokenConnectionGetsOneId() throws Exception {
        RedisLink link = redis.link(new SimpleMeterRegistry());
        long first = publishScript(link, 1, "one").toLong();
        assertTrue(first > 0);
        // The same publisher's event 1 again, as after a connection broke before its reply: not appended again.
        assertEquals(0, publishScript(link, 1, "one").toLong());
        assertEquals(first + 1, publishScript(link, 2, "two").toLong());
        assertEquals(0, publishScript(link, 2, "two").toLong());
        assertEquals(0, publishScript(link, 1, "one").toLong());
        link.send(Request.cmd(Command.XLEN).arg("test:events"))
                .toCompletionStage()
                .toCompletableFuture()
                .thenAccept(length -> assertEquals(2, length.toLong()))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void publishesAcrossKilledConnectionsArriveOnceEachInOrder() throws Exception {
        Instance a = instance(10_000);
        RedisLink admin = redis.link(new SimpleMeterRegistry());
        for (int i = 0; i < 2000; i++) {
            publish(a, "e" + i);
            if (i % 400 == 200) {
                // Every connection of type normal is cut, the publisher's with requests in flight among them.
                command(Request.cmd(Command.CLIENT)
                        .arg("KILL")
                        .arg("TYPE")
                        .arg("normal")
                        .arg("SKIPME")
                        .arg("yes"));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> a.received().size() >= 2000);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> a.received().size() == 2000);
        synchronized (a.received()) {
            for (int i = 0; i < 2000; i++) {
                assertEquals(
                        "{\"text\":\"e" + i + "\"}",
                        new String(a.received().get(i).json(), StandardCharsets.UTF_8));
            }
        }
        admin.close();
    }

    @Test
    void deliveryCountsAsFlowingOnlyWhileAProbeComesBackThroughRedis() throws Exception {
        Instance a = instance(1000);
        assertTrue(a.transport().deliveryProblem().isEmpty());
        // Writes paused: every connection stays open and XREAD still returns, but nothing published lands.
        command(Request.cmd(Command.CLIENT).arg("PAUSE").arg(8000).arg("WRITE"));
        await().atMost(Duration.ofSeconds(8)).until(() -> !a.transport().isDelivering());
        assertTrue(
                a.transport().deliveryProblem().orElseThrow().startsWith("no event published here came back"),
                a.transport().deliveryProblem().toString());
        command(Request.cmd(Command.CLIENT).arg("UNPAUSE"));
        await().atMost(Duration.ofSeconds(8)).until(a.transport()::isDelivering);
    }

    @Test
    void eventsDroppedPastThePublishQueueAreAnnouncedAsALossOnceRedisIsBack() throws Exception {
        Instance a = instance(1000, 5);
        java.util.concurrent.atomic.AtomicInteger losses = new java.util.concurrent.atomic.AtomicInteger();
        a.transport().onLoss(losses::incrementAndGet);
        redis.redis().kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.transport().isDelivering());
        for (int i = 0; i < 8; i++) {
            publish(a, "away" + i);
        }
        assertEquals(0, losses.get(), "nobody is told while nothing can be delivered");
        redis.redis().restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.received().size() == 5 && losses.get() == 1);
        synchronized (a.received()) {
            assertEquals(
                    "{\"text\":\"away0\"}",
                    new String(a.received().get(0).json(), StandardCharsets.UTF_8),
                    "the queued ones go out, oldest first; the ones past the bound are the ones dropped");
        }
    }
}
