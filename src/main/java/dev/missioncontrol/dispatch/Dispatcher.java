package dev.missioncontrol.dispatch;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Fire-and-forget dispatch: accepts a hero at once, and has each dispatch this instance holds recorded in the
 * mission log {@code scramble-time} after it was accepted, on the managed executor ({@link DispatchRecorder}). The
 * scramble is a timer, not a sleeping thread, so ten thousand pending dispatches hold no threads. Where dispatches
 * wait is the {@link DispatchQueue} the transport chose: in this process (this instance holds what it accepts; a
 * crash loses it) or in Redis (queued durably before the {@code 202}; any instance holds and records it, another
 * takes over from one that died). Either way a shutdown ({@link #drain}) records what this instance holds before it
 * exits. Its meters are in {@link DispatchMetrics}.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    private final Vertx vertx;
    private final DispatchQueue queue;
    private final DispatchConfig config;
    private final DispatchMetrics metrics;
    private final DispatchTracing tracing;
    private final DispatchRecorder recorder;
    // Dispatch id -> its scramble timer, for dispatches still scrambling.
    private final Map<String, Scramble> scrambling = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;

    /** A dispatch waiting for its scramble to end, and the timer that ends it. */
    private static final class Scramble {
        final Dispatch dispatch;
        volatile long timerId = -1;

        Scramble(Dispatch dispatch) {
            this.dispatch = dispatch;
        }
    }

    /**
     * @param executor the managed executor that records dispatches
     * @param vertx    times the scramble
     * @param queue    where dispatches wait, as the transport chose
     * @param config   the scramble time
     * @param metrics  the dispatch meters
     * @param tracing  carries each dispatch's trace to its record
     */
    public Dispatcher(
            ManagedExecutor executor,
            Vertx vertx,
            DispatchQueue queue,
            DispatchConfig config,
            DispatchMetrics metrics,
            DispatchTracing tracing) {
        this.vertx = vertx;
        this.queue = queue;
        this.config = config;
        this.metrics = metrics;
        this.tracing = tracing;
        this.recorder = new DispatchRecorder(executor, vertx, queue, metrics, tracing);
        metrics.observePending(queue::pending);
    }

    @PostConstruct
    void start() {
        queue.start(this::hold);
    }

    /**
     * Accepts a validated hero (with Redis, queues it durably first), or answers from its idempotency key. An
     * accepted dispatch must be handed to {@link #launch} once its response is sent.
     *
     * @param hero           a hero name that passed validation
     * @param idempotencyKey the request's {@code Idempotency-Key}, or null
     * @return the acceptance; fails with {@link DispatchRefused} when the service is shutting down, {@code max-pending}
     *         dispatches wait, too many keys are held, or Redis cannot be written: then nothing was accepted
     */
    public CompletionStage<Acceptance> accept(String hero, String idempotencyKey) {
        if (!accepting) {
            return CompletableFuture.failedFuture(DispatchRefused.shuttingDown());
        }
        return queue.accept(hero, idempotencyKey, tracing.current()).thenApply(acceptance -> {
            if (acceptance.outcome() == Acceptance.Outcome.ACCEPTED) {
                metrics.accepted();
                DispatchAudit.accepted(hero, acceptance.dispatch().id());
            }
            return acceptance;
        });
    }

    /**
     * Starts the background work of a dispatch accepted here: the queue hands it to this instance to hold (local)
     * or leaves it to the instance that reads it (Redis).
     *
     * @param acceptance what {@link #accept} gave, once its response is sent
     */
    public void launch(Acceptance acceptance) {
        if (acceptance.outcome() == Acceptance.Outcome.ACCEPTED) {
            queue.launched(acceptance.dispatch());
        }
    }

    /** Holds a dispatch until {@code scramble-time} after its acceptance (at once when shutting down), then records it. */
    private void hold(Dispatch dispatch) {
        long delay = dispatch.acceptedMillis() + config.scrambleTime().toMillis() - System.currentTimeMillis();
        if (delay <= 0 || !accepting) {
            recorder.submit(dispatch);
            return;
        }
        // Registered before its timer starts, so that a drain on another thread finds it however soon the timer fires;
        // whichever of the two removes it submits it, once.
        Scramble scramble = new Scramble(dispatch);
        scrambling.put(dispatch.id(), scramble);
        scramble.timerId = vertx.setTimer(delay, id -> {
            if (scrambling.remove(dispatch.id(), scramble)) {
                recorder.submit(dispatch);
            }
        });
    }

    /**
     * @param id a dispatch's id
     * @return its status, or empty when unknown or no longer kept
     */
    public CompletionStage<Optional<DispatchStatus>> status(String id) {
        return queue.status(id);
    }

    /** @return dispatches accepted or held by this instance and not yet recorded */
    public int pending() {
        return queue.pendingHere();
    }

    /** @return false once shutdown has begun */
    public boolean isAccepting() {
        return accepting;
    }

    /**
     * What a shutdown drain did.
     *
     * @param recorded dispatches recorded from the start of the drain to its end, every one of them answered 202
     * @param left     dispatches still pending here when the drain gave up; 0 when it completed (with Redis,
     *                 those left are taken over by another instance after {@code claim-after})
     */
    public record Drained(long recorded, int left) {}

    /**
     * Stops accepting, cuts every running scramble short and waits until every dispatch this instance accepted or
     * holds is recorded. With Redis this instance records what it holds rather than leaving it to the others: that
     * keeps a single instance's promise, and the others would have to wait {@code claim-after} for it.
     *
     * @param timeout how long to wait at most
     * @return how many were recorded meanwhile and how many are left
     */
    public Drained drain(Duration timeout) {
        long recordedBefore = recorder.recorded();
        accepting = false;
        queue.stopTaking();
        for (String id : scrambling.keySet()) {
            Scramble scramble = scrambling.remove(id);
            if (scramble != null) {
                vertx.cancelTimer(scramble.timerId);
                recorder.submit(scramble.dispatch);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queue.pendingHere() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Drained(recorder.recorded() - recordedBefore, queue.pendingHere());
    }
}
