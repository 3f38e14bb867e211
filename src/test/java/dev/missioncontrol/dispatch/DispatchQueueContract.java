package dev.missioncontrol.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one definition of idempotency and {@code max-pending}, run against both dispatch queues
 * (draft-ietf-httpapi-idempotency-key-header, section 2.6):
 * <ul>
 * <li>a retry with the same key and hero within {@code idempotency-ttl} gets the first dispatch's id ({@code REPEAT})
 * and dispatches nothing;</li>
 * <li>the same key with another hero is refused ({@code OTHER_HERO}, 422);</li>
 * <li>past {@code idempotency-ttl} the key is new again;</li>
 * <li>{@code max-pending} bounds the dispatches accepted and not yet recorded in the whole deployment; a refused
 * request keeps no key, so its retry may be accepted later;</li>
 * <li>a recorded dispatch's status says so.</li>
 * </ul>
 * The local queue also answers {@code IN_PROGRESS} to a retry that arrives while the first is being accepted, and
 * bounds the keys it holds ({@code idempotency-max-keys}); the Redis queue accepts in one atomic script, so it has
 * no such moment, and its keys expire in Redis.
 */
abstract class DispatchQueueContract {

    /** The idempotency TTL the queues under test are made with. */
    static final Duration TTL = Duration.ofSeconds(1);

    /**
     * @param maxPending the bound
     * @param holder     receives the dispatches the queue hands out to be recorded
     * @return a started queue
     */
    abstract DispatchQueue queue(int maxPending, List<Dispatch> holder) throws Exception;

    /** Waits until the queue counts this many dispatches pending in the deployment (Redis counts them in a job). */
    private static void awaitPending(DispatchQueue queue, long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            queue.takeOver();
            return queue.pending() == count;
        });
    }

    private static Acceptance accept(DispatchQueue queue, String hero, String key) throws Exception {
        return queue.accept(hero, key, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstDispatch() throws Exception {
        DispatchQueue queue = queue(10, new ArrayList<>());
        Acceptance first = accept(queue, "Gale", "key-1");
        Acceptance retry = accept(queue, "Gale", "key-1");
        assertEquals(Acceptance.Outcome.ACCEPTED, first.outcome());
        assertEquals(Acceptance.Outcome.REPEAT, retry.outcome());
        assertEquals(first.dispatch().id(), retry.dispatch().id());
        awaitPending(queue, 1);
    }

    @Test
    void theSameKeyForAnotherHeroIsRefused() throws Exception {
        DispatchQueue queue = queue(10, new ArrayList<>());
        accept(queue, "Gale", "key-2");
        assertEquals(
                Acceptance.Outcome.OTHER_HERO, accept(queue, "Storm", "key-2").outcome());
        awaitPending(queue, 1);
    }

    @Test
    void withoutAKeyEveryRequestIsADispatch() throws Exception {
        DispatchQueue queue = queue(10, new ArrayList<>());
        Acceptance one = accept(queue, "Gale", null);
        Acceptance two = accept(queue, "Gale", null);
        assertNotEquals(one.dispatch().id(), two.dispatch().id());
        awaitPending(queue, 2);
    }

    @Test
    void pastItsTtlAKeyIsNewAgain() throws Exception {
        DispatchQueue queue = queue(10, new ArrayList<>());
        accept(queue, "Gale", "key-3");
        await().pollDelay(TTL)
                .atMost(TTL.multipliedBy(5))
                .until(() -> accept(queue, "Gale", "key-3").outcome() == Acceptance.Outcome.ACCEPTED);
        awaitPending(queue, 2);
    }

    @Test
    void maxPendingRefusesAndKeepsNoKey() throws Exception {
        List<Dispatch> held = Collections.synchronizedList(new ArrayList<>());
        DispatchQueue queue = queue(2, held);
        Acceptance one = accept(queue, "One", null);
        accept(queue, "Two", null);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> accept(queue, "Three", "key-4"));
        assertInstanceOf(DispatchRefused.class, refused.getCause());
        assertEquals(DispatchRefused.Reason.FULL, ((DispatchRefused) refused.getCause()).reason());
        queue.launched(one.dispatch());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        held.stream().anyMatch(d -> d.id().equals(one.dispatch().id())));
        List<Dispatch> batch = List.of(held.stream()
                .filter(d -> d.id().equals(one.dispatch().id()))
                .findFirst()
                .orElseThrow());
        assertEquals(batch, queue.record(batch));
        queue.release(batch);
        assertEquals(
                Acceptance.Outcome.ACCEPTED,
                accept(queue, "Three", "key-4").outcome(),
                "the refused key was not kept, and a slot is free");
    }

    @Test
    void aRecordedDispatchSaysSo() throws Exception {
        List<Dispatch> held = Collections.synchronizedList(new ArrayList<>());
        DispatchQueue queue = queue(10, held);
        Acceptance accepted = accept(queue, "Gale", null);
        assertEquals(
                "pending",
                queue.status(accepted.dispatch().id())
                        .toCompletableFuture()
                        .get()
                        .orElseThrow()
                        .status());
        queue.launched(accepted.dispatch());
        await().atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());
        List<Dispatch> batch = List.copyOf(held);
        queue.record(batch);
        queue.release(batch);
        assertEquals(
                "recorded",
                queue.status(accepted.dispatch().id())
                        .toCompletableFuture()
                        .get()
                        .orElseThrow()
                        .status());
        assertTrue(queue.status("no-such-dispatch").toCompletableFuture().get().isEmpty());
        assertEquals(0, queue.pendingHere());
    }
}
