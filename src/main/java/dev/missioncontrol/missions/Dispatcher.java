package dev.missioncontrol.missions;

import dev.missioncontrol.redis.Transport;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Fire-and-forget dispatch: accepts a hero at once, and records each dispatch this instance holds in the
 * {@link MissionLog} {@code scramble-time} after it was accepted, on the managed executor. The scramble is a timer,
 * not a sleeping thread, so ten thousand pending dispatches hold no threads. Where dispatches wait is the
 * {@link DispatchQueue} of {@code mission-control.transport}: in this process ({@code local}: this instance holds
 * what it accepts; a crash loses it) or in Redis ({@code redis}: queued durably before the {@code 202}; any instance
 * holds and records it, another takes over from one that died). Either way a shutdown ({@link #drain}) records what
 * this instance holds before it exits. Its meters are in {@link DispatchMetrics}.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    // One INFO line per dispatch accepted and recorded, for operators to audit; its own category, so that it can be
    // turned down alone (quarkus.log.category."mission-control.dispatch".level=WARN). Built by concatenation rather
    // than infof: a printf-style record is formatted with java.util.Formatter, which parses its pattern every time.
    private static final Logger AUDIT = Logger.getLogger("mission-control.dispatch");

    /** How long recording waits before it tries a log that could not be written again. */
    static final long LOG_RETRY_MILLIS = 500;
    /** The most dispatches recorded in one step (one Redis script). */
    static final int RECORD_BATCH = 200;

    private final ManagedExecutor executor;
    private final Vertx vertx;
    private final DispatchQueue queue;
    private final DispatchConfig config;
    private final DispatchMetrics metrics;
    private final DispatchTracing tracing;
    private final AtomicLong recordedCount = new AtomicLong();
    // Dispatch id -> its scramble timer, for dispatches still scrambling.
    private final Map<String, Scramble> scrambling = new ConcurrentHashMap<>();
    private final Queue<Dispatch> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    // Per event-loop thread: whether a kick is already queued for the end of the loop's current turn.
    private final ThreadLocal<boolean[]> kickQueued = ThreadLocal.withInitial(() -> new boolean[1]);
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
     * @param executor  the managed executor that records dispatches
     * @param vertx     times the scramble
     * @param transport {@code local} or {@code redis}: which queue
     * @param local     the in-process queue, created only if chosen
     * @param redis     the Redis queue, created (and connected) only if chosen
     * @param config    the scramble time
     * @param metrics   the dispatch meters
     * @param tracing   carries each dispatch's trace to its record
     */
    public Dispatcher(ManagedExecutor executor, Vertx vertx,
            @ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<LocalDispatchQueue> local, Instance<RedisDispatchQueue> redis, DispatchConfig config,
            DispatchMetrics metrics, DispatchTracing tracing) {
        this.executor = executor;
        this.vertx = vertx;
        this.queue = transport == Transport.REDIS ? redis.get() : local.get();
        this.config = config;
        this.metrics = metrics;
        this.tracing = tracing;
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
                if (AUDIT.isInfoEnabled()) {
                    AUDIT.info("dispatch accepted: hero=\"" + escaped(hero) + "\" id=" + acceptance.dispatch().id());
                }
            }
            return acceptance;
        });
    }

    /**
     * Starts the background work of a dispatch accepted here, if this instance is the one to record it (local);
     * with Redis the instance that reads it from the queue does.
     *
     * @param acceptance what {@link #accept} gave, once its response is sent
     */
    public void launch(Acceptance acceptance) {
        if (acceptance.outcome() == Acceptance.Outcome.ACCEPTED && queue.holdsWhatItAccepts()) {
            hold(acceptance.dispatch());
        }
    }

    /** Holds a dispatch until {@code scramble-time} after its acceptance (at once when shutting down), then records it. */
    private void hold(Dispatch dispatch) {
        long delay = dispatch.acceptedMillis() + config.scrambleTime().toMillis() - System.currentTimeMillis();
        if (delay <= 0 || !accepting) {
            submit(dispatch);
            return;
        }
        // Registered before its timer starts, so that a drain on another thread finds it however soon the timer fires;
        // whichever of the two removes it submits it, once.
        Scramble scramble = new Scramble(dispatch);
        scrambling.put(dispatch.id(), scramble);
        scramble.timerId = vertx.setTimer(delay, id -> {
            if (scrambling.remove(dispatch.id(), scramble)) {
                submit(dispatch);
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
    public record Drained(long recorded, int left) {
    }

    /**
     * Stops accepting, cuts every running scramble short and waits until every dispatch this instance accepted or
     * holds is recorded. With Redis this instance records what it holds rather than leaving it to the others: that
     * keeps a single instance's promise, and the others would have to wait {@code claim-after} for it.
     *
     * @param timeout how long to wait at most
     * @return how many were recorded meanwhile and how many are left
     */
    public Drained drain(Duration timeout) {
        long recordedBefore = recordedCount.get();
        accepting = false;
        queue.stopTaking();
        for (String id : scrambling.keySet()) {
            Scramble scramble = scrambling.remove(id);
            if (scramble != null) {
                vertx.cancelTimer(scramble.timerId);
                submit(scramble.dispatch);
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
        return new Drained(recordedCount.get() - recordedBefore, queue.pendingHere());
    }

    private void submit(Dispatch dispatch) {
        toRecord.add(dispatch);
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            kick();
            return;
        }
        // On an event loop the kick waits for the end of the loop's turn, so that every dispatch answered in that
        // turn goes to the executor at once: recording is quicker than requests arrive, so a kick per dispatch woke
        // an executor thread for nearly every request, a futex call and a context switch each (strace, wrk).
        boolean[] kickQueued = this.kickQueued.get();
        if (!kickQueued[0]) {
            kickQueued[0] = true;
            context.runOnContext(v -> {
                kickQueued[0] = false;
                kick();
            });
        }
    }

    private void kick() {
        // One executor task records everything queued meanwhile: under load a task per dispatch cost an executor
        // hand-off (context capture, a thread wake-up) per request on the event loop, for no gain, since
        // recording is short and the mission log takes one writer at a time anyway.
        if (recording.compareAndSet(false, true)) {
            try {
                executor.execute(this::recordQueued);
            } catch (RejectedExecutionException e) {
                // The executor is already stopping: recording here is late but never loses the dispatch.
                recordQueued();
            }
        }
    }

    private void recordQueued() {
        do {
            List<Dispatch> batch;
            while (!(batch = nextBatch()).isEmpty()) {
                try {
                    record(batch);
                } catch (LogUnavailable e) {
                    // Accepted means recorded, however long it takes: keep them and try again shortly.
                    LOG.warnf("%d dispatches wait for the mission log: %s", batch.size(), e.getMessage());
                    toRecord.addAll(batch);
                    recording.set(false);
                    vertx.setTimer(LOG_RETRY_MILLIS, id -> kick());
                    return;
                } catch (RuntimeException e) {
                    // One failure must not stop the recording of every later dispatch.
                    LOG.errorf(e, "recording %d dispatches failed", batch.size());
                }
            }
            recording.set(false);
            // A dispatch queued after the last poll but before the flag fell found the flag still up: take it.
        } while (!toRecord.isEmpty() && recording.compareAndSet(false, true));
    }

    private List<Dispatch> nextBatch() {
        List<Dispatch> batch = new ArrayList<>();
        Dispatch dispatch;
        while (batch.size() < RECORD_BATCH && (dispatch = toRecord.poll()) != null) {
            batch.add(dispatch);
        }
        return batch;
    }

    private void record(List<Dispatch> batch) {
        List<Dispatch> recorded = queue.record(batch);
        long now = System.currentTimeMillis();
        for (Dispatch dispatch : recorded) {
            long waited = Math.max(0, now - dispatch.acceptedMillis());
            metrics.recorded(TimeUnit.MILLISECONDS.toNanos(waited));
            tracing.recorded(dispatch, now);
            if (AUDIT.isInfoEnabled()) {
                AUDIT.info("dispatch recorded: hero=\"" + escaped(dispatch.hero()) + "\" id=" + dispatch.id()
                        + " waited=" + waited + "ms");
            }
        }
        // Counted before they are released: a drain that sees nothing pending has counted every one.
        recordedCount.addAndGet(recorded.size());
        queue.release(batch);
    }

    /** A hero as it goes between quotes in an audit line: heroes hold no control characters, but may hold quotes. */
    private static String escaped(String hero) {
        return hero.indexOf('"') < 0 && hero.indexOf('\\') < 0 ? hero
                : hero.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
