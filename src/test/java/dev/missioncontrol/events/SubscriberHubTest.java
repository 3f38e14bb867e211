package dev.missioncontrol.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.fanout.FanOutShard;
import dev.missioncontrol.fanout.OverflowPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker alone (transport and hub, no HTTP): fan-out, backpressure policies, replay, concurrency. */
public class SubscriberHubTest {

    public record Settings(
            Duration heartbeat,
            Duration maxLifetime,
            int replay,
            int subscriberQueue,
            OverflowPolicy overflow,
            int maxSubscribers)
            implements EventsConfig {}

    private Vertx vertx;
    private LocalEventTransport transport;
    private EventMetrics metrics;
    private SimpleMeterRegistry registry;
    private SubscriberHub hub;

    private void start(int replay, int queue, OverflowPolicy overflow) {
        start(replay, queue, overflow, FanOutShard.DEFAULT_PACING);
    }

    private void start(int replay, int queue, OverflowPolicy overflow, FanOutShard.Pacing pacing) {
        Settings settings = new Settings(Duration.ofHours(1), Duration.ofHours(1), replay, queue, overflow, 100);
        transport = new LocalEventTransport(settings, 0); // ids from 1, as a first run with a zero clock
        registry = new SimpleMeterRegistry();
        metrics = new EventMetrics(registry);
        hub = new SubscriberHub(vertx, transport, metrics, settings, pacing);
        transport.deliverTo(hub::fanOut); // what EventBroker does at start-up
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        start(1000, 256, OverflowPolicy.DROP_OLDEST);
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private long publish(String type) {
        return transport.publish(type, ("{\"n\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private record Subscription(Subscriber subscriber, RecordingSink sink, Context context) {
        void onLoop(Runnable action) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            context.runOnContext(v -> {
                action.run();
                done.complete(null);
            });
            done.join();
        }
    }

    private Subscription subscribe(TypeFilter filter, OptionalLong lastEventId) {
        assertTrue(hub.admit());
        Context context = vertx.getOrCreateContext();
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Subscriber> subscribed = new CompletableFuture<>();
        context.runOnContext(v -> subscribed.complete(hub.subscribe(sink, filter, lastEventId)));
        return new Subscription(subscribed.join(), sink, context);
    }

    private Subscription subscribe() {
        return subscribe(TypeFilter.ALL, OptionalLong.empty());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void fansOutEveryEventToEverySubscriberInOrder() {
        Subscription a = subscribe();
        Subscription b = subscribe();
        publish("one");
        publish("two");
        publish("three");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> a.sink.ids().size() == 3 && b.sink.ids().size() == 3);
        assertEquals(List.of(1L, 2L, 3L), a.sink.ids());
        assertEquals(List.of(1L, 2L, 3L), b.sink.ids());
        assertTrue(a.sink.text().contains("id: 2\nevent: two\ndata: {\"n\":\"two\"}\n\n"), a.sink.text());
        assertEquals(2, hub.size());
        assertEquals(
                3.0, registry.get("mission_control.events.published").counter().count());
    }

    @Test
    void resetAllTellsEverySubscriberToRefetchAfterWhatItHas() {
        Subscription a = subscribe();
        Subscription b = subscribe();
        publish("one");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> a.sink.ids().size() == 1 && b.sink.ids().size() == 1);
        hub.resetAll();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> a.sink.text().endsWith("event: reset\ndata: {\"oldest\":2}\n\n")
                        && b.sink.text().endsWith("event: reset\ndata: {\"oldest\":2}\n\n"));
    }

    @Test
    void publishingWithNoSubscriberIsSafe() {
        assertDoesNotThrow(() -> publish("alone"));
        assertEquals(1, transport.lastId());
        Subscription late = subscribe();
        publish("later");
        await().atMost(Duration.ofSeconds(5)).until(() -> late.sink.ids().equals(List.of(2L)));
    }

    @Test
    void filterKeepsTypeAndItsDottedChildren() {
        Subscription only = subscribe(TypeFilter.of(List.of("dispatch")), OptionalLong.empty());
        publish("dispatch.accepted");
        publish("dispatcher.other");
        publish("comms.chat");
        publish("dispatch");
        Subscription all = subscribe();
        publish("end.marker");
        await().atMost(Duration.ofSeconds(5)).until(() -> all.sink.ids().equals(List.of(5L)));
        only.onLoop(() -> {});
        assertEquals(List.of(1L, 4L), only.sink.ids());
    }

    @Test
    void subscribersOnOneEventLoopAskingForTheSameTypesShareOneFilter() {
        Context context = vertx.getOrCreateContext();
        List<Subscriber> subscribers = new java.util.ArrayList<>();
        for (List<String> types :
                List.of(List.of("dispatch", "comms"), List.of("dispatch", "comms"), List.of("comms"))) {
            assertTrue(hub.admit());
            CompletableFuture<Subscriber> subscribed = new CompletableFuture<>();
            context.runOnContext(v -> subscribed.complete(
                    hub.subscribe(new RecordingSink(), TypeFilter.of(types), OptionalLong.empty())));
            subscribers.add(subscribed.join());
        }
        assertSame(subscribers.get(0).filter(), subscribers.get(1).filter());
        assertNotSame(subscribers.get(0).filter(), subscribers.get(2).filter());
        assertTrue(subscribers.get(2).filter().accepts("comms.chat"));
        assertFalse(subscribers.get(2).filter().accepts("dispatch.accepted"));
    }

    @Test
    void unsubscribedSubscriberGetsNothingMore() {
        Subscription gone = subscribe();
        Subscription stays = subscribe();
        publish("before");
        await().atMost(Duration.ofSeconds(5)).until(() -> gone.sink.ids().size() == 1);
        gone.onLoop(() -> hub.remove(gone.subscriber));
        gone.onLoop(() -> hub.remove(gone.subscriber));
        assertEquals(1, hub.size(), "removing twice releases once");
        publish("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> stays.sink.ids().size() == 2);
        gone.onLoop(() -> {});
        assertEquals(List.of(1L), gone.sink.ids());
    }

    /** With {@code slow}'s socket full, publishes {@code count} events and waits until {@code fast} has them all. */
    private void publishWhileFull(Subscription slow, Subscription fast, int count, String type) {
        slow.sink.full = true;
        int before = fast.sink.ids().size();
        for (int i = 0; i < count; i++) {
            publish(type);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.sink.ids().size() == before + count);
        slow.onLoop(() -> {});
    }

    /** Lets {@code slow}'s socket drain. */
    private static void drained(Subscription slow) {
        slow.sink.full = false;
        slow.onLoop(slow.sink.takeDrain());
    }

    @Test
    void dropOldestTellsTheSubscriberHowManyItLostBeforeTheNextEvent() {
        start(1000, 4, OverflowPolicy.DROP_OLDEST);
        Subscription slow = subscribe();
        Subscription fast = subscribe();
        publishWhileFull(slow, fast, 7, "burst");
        assertEquals(3, slow.subscriber.lost());
        drained(slow);
        assertTrue(slow.sink.text().startsWith("event: reset\ndata: {\"lost\":3}\n\nid: 4\n"), slow.sink.text());
        assertEquals(0, slow.subscriber.lost());
        assertFalse(fast.sink.text().contains("event: reset"), "a subscriber that kept up is told nothing");
        // Later losses are told again, once each.
        publishWhileFull(slow, fast, 6, "again");
        drained(slow);
        assertTrue(
                slow.sink.text().endsWith("event: reset\ndata: {\"lost\":2}\n\n" + framesOf(10, 13, "again")),
                slow.sink.text());
    }

    private static String framesOf(long from, long to, String type) {
        StringBuilder frames = new StringBuilder();
        for (long id = from; id <= to; id++) {
            frames.append("id: ")
                    .append(id)
                    .append("\nevent: ")
                    .append(type)
                    .append("\ndata: {\"n\":\"")
                    .append(type)
                    .append("\"}\n\n");
        }
        return frames.toString();
    }

    @Test
    void dropOldestKeepsTheNewestQueuedEvents() {
        start(1000, 4, OverflowPolicy.DROP_OLDEST);
        Subscription slow = subscribe();
        Subscription fast = subscribe();
        publishWhileFull(slow, fast, 7, "burst");
        assertEquals(List.of(), slow.sink.ids());
        assertEquals(4, slow.subscriber.queued());
        assertEquals(
                3.0, registry.get("mission_control.events.dropped").counter().count());
        drained(slow);
        assertEquals(List.of(4L, 5L, 6L, 7L), slow.sink.ids());
        assertFalse(slow.subscriber.isClosed());
    }

    @Test
    void disconnectPolicyClosesOnlyTheSlowSubscriber() {
        start(1000, 2, OverflowPolicy.DISCONNECT);
        Subscription slow = subscribe();
        Subscription fast = subscribe();
        slow.sink.full = true;
        for (int i = 0; i < 3; i++) {
            publish("burst");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.sink.ids().size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.sink.aborted);
        assertTrue(slow.subscriber.isClosed());
        assertEquals(1, hub.size());
        assertEquals(
                1.0,
                registry.get("mission_control.events.overflow.disconnects")
                        .counter()
                        .count());
        publish("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.sink.ids().size() == 4);
    }

    @Test
    void replayAtAndAroundTheRingBoundary() {
        start(5, 256, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 8; i++) {
            publish("e");
        }
        // Retained: 4..8.
        Subscription justInside = subscribe(TypeFilter.ALL, OptionalLong.of(3));
        assertEquals(range(4, 8), justInside.sink.ids());
        assertFalse(justInside.sink.text().contains("event: reset"));

        Subscription justOutside = subscribe(TypeFilter.ALL, OptionalLong.of(2));
        assertTrue(
                justOutside.sink.text().startsWith("event: reset\ndata: {\"oldest\":4}\n\n"), justOutside.sink.text());
        assertEquals(range(4, 8), justOutside.sink.ids());

        Subscription upToDate = subscribe(TypeFilter.ALL, OptionalLong.of(8));
        assertEquals("", upToDate.sink.text());

        Subscription fromTheFuture = subscribe(TypeFilter.ALL, OptionalLong.of(42));
        assertTrue(fromTheFuture.sink.text().startsWith("event: reset\ndata: {\"oldest\":4}\n\n"));

        publish("live");
        for (Subscription s : List.of(justInside, justOutside, upToDate, fromTheFuture)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> s.sink.ids().contains(9L));
        }
        assertEquals(range(4, 9), justInside.sink.ids());
        assertEquals(List.of(9L), upToDate.sink.ids());
    }

    @Test
    void concurrentPublishersLoseNothingAndIdsStrictlyIncrease() throws Exception {
        start(100_000, 256, OverflowPolicy.DROP_OLDEST);
        Subscription early = subscribe();
        int threads = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    publish("load");
                }
                return null;
            });
        }
        go.countDown();
        // A subscriber that resumes while publishing is under way: replay then live, no gap, no duplicate.
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.lastId() > 100);
        Subscription resumed = subscribe(TypeFilter.ALL, OptionalLong.of(50));
        pool.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> early.sink.ids().size() == threads * each);
        assertEquals(range(1, threads * each), early.sink.ids());
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.sink.ids().size() == threads * each - 50);
        assertEquals(range(51, threads * each), resumed.sink.ids());
    }

    @Test
    void eventsHeldBackForCoalescingAreDeliveredBeforeTheEnd() {
        // Every drain held back by at least 300 ms, so held-back events are certain.
        start(
                1000,
                256,
                OverflowPolicy.DROP_OLDEST,
                (took, since, waited) -> Duration.ofMillis(300).toNanos());
        Subscription a = subscribe();
        long first = publish("first");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.sink.ids().contains(first));
        // The shard just drained, so these wait about 300 ms to be coalesced; shutdown comes sooner.
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = publish("held");
        }
        hub.endAll("shutdown").join();
        assertEquals(range(first, last), a.sink.ids(), "every event before the end frame");
        assertTrue(a.sink.text().endsWith("event: end\ndata: {\"reason\":\"shutdown\"}\n\n"));
    }

    @Test
    void endAllSendsEndAndRefusesNewSubscribers() {
        Subscription a = subscribe();
        hub.endAll("shutdown").join();
        assertTrue(a.sink.ended);
        assertTrue(a.sink.text().endsWith("event: end\ndata: {\"reason\":\"shutdown\"}\n\n"));
        assertEquals(0, hub.size());
        assertFalse(hub.admit());
    }
}
