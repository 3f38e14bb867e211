package dev.missioncontrol.missions;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.limits.BoundedCounter;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Fire-and-forget dispatch: accepts a hero at once and records it in the {@link MissionLog} later, on the
 * managed executor, after {@code scramble-time}. The scramble is a timer, not a sleeping thread, so ten
 * thousand pending dispatches hold no threads. At most {@code max-pending} dispatches wait at once; an
 * accepted one is never dropped: {@link #drain(Duration)} records every pending one at shutdown. Its meters are
 * in {@link DispatchMetrics}.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final ManagedExecutor executor;
    private final Vertx vertx;
    private final MissionLog log;
    private final EventBroker broker;
    private final DispatchConfig config;
    private final DispatchMetrics metrics;
    private final BoundedCounter pending;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong recordedCount = new AtomicLong();
    private final Map<Long, Pending> scrambling = new ConcurrentHashMap<>();
    private final Queue<Pending> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private volatile boolean accepting = true;

    /** A dispatch between its 202 and its record. */
    public static final class Pending {
        final long key;
        final String hero;
        final long acceptedNanos;
        volatile long timerId = -1;

        Pending(long key, String hero, long acceptedNanos) {
            this.key = key;
            this.hero = hero;
            this.acceptedNanos = acceptedNanos;
        }
    }

    /**
     * @param executor the managed executor that records dispatches
     * @param vertx    times the scramble
     * @param log      where heroes are recorded
     * @param broker   receives {@code dispatch.accepted} and {@code dispatch.recorded}
     * @param config   scramble time and the pending limit
     * @param metrics  the dispatch meters
     */
    public Dispatcher(ManagedExecutor executor, Vertx vertx, MissionLog log, EventBroker broker,
            DispatchConfig config, DispatchMetrics metrics) {
        this.executor = executor;
        this.vertx = vertx;
        this.log = log;
        this.broker = broker;
        this.config = config;
        this.metrics = metrics;
        this.pending = new BoundedCounter(config.maxPending());
        metrics.observePending(pending);
    }

    /**
     * Accepts a validated hero and publishes {@code dispatch.accepted}. The caller must hand the result to
     * {@link #launch(Pending)} once its response is sent.
     *
     * @param hero a hero name that passed validation
     * @return the pending dispatch
     * @throws DispatchRefused when {@code max-pending} dispatches wait or the service is shutting down
     */
    public Pending accept(String hero) throws DispatchRefused {
        // The slot is claimed before the shutdown flag is read: a dispatch that saw the flag up is then certainly
        // counted by the drain, which lowers the flag before it reads the count.
        if (!pending.tryAcquire()) {
            throw accepting ? new DispatchRefused(DispatchRefused.Reason.FULL,
                    "too many pending dispatches (" + pending.max() + "); retry later") : shuttingDown();
        }
        if (!accepting) {
            pending.release();
            throw shuttingDown();
        }
        if (!log.isWritable()) {
            pending.release();
            throw new DispatchRefused(DispatchRefused.Reason.LOG_UNAVAILABLE,
                    "the mission log cannot be written now; retry later");
        }
        metrics.accepted();
        broker.publish(EventPayload.DispatchAccepted.of(hero));
        return new Pending(sequence.incrementAndGet(), hero, System.nanoTime());
    }

    private static DispatchRefused shuttingDown() {
        return new DispatchRefused(DispatchRefused.Reason.SHUTTING_DOWN, "shutting down: no new dispatches");
    }

    /**
     * Starts the background work of an accepted dispatch: after {@code scramble-time} (at once when shutting
     * down) the hero is recorded on the managed executor.
     *
     * @param dispatch the result of {@link #accept(String)}
     */
    public void launch(Pending dispatch) {
        long delay = config.scrambleTime().toMillis();
        if (delay <= 0 || !accepting) {
            submit(dispatch);
            return;
        }
        scrambling.put(dispatch.key, dispatch);
        dispatch.timerId = vertx.setTimer(delay, id -> {
            if (scrambling.remove(dispatch.key) != null) {
                submit(dispatch);
            }
        });
    }

    /** @return dispatches accepted and not yet recorded */
    public int pending() {
        return pending.get();
    }

    /** @return false once shutdown has begun */
    public boolean isAccepting() {
        return accepting;
    }

    /**
     * What a shutdown drain did.
     *
     * @param recorded dispatches recorded from the start of the drain to its end, every one of them answered 202
     * @param left     dispatches still pending when the drain gave up; 0 when it completed
     */
    public record Drained(long recorded, int left) {
    }

    /**
     * Stops accepting, cuts every running scramble short and waits until every accepted dispatch is recorded.
     *
     * @param timeout how long to wait at most
     * @return how many were recorded meanwhile and how many are left
     */
    public Drained drain(Duration timeout) {
        long recordedBefore = recordedCount.get();
        accepting = false;
        for (Long key : scrambling.keySet()) {
            Pending dispatch = scrambling.remove(key);
            if (dispatch != null) {
                vertx.cancelTimer(dispatch.timerId);
                submit(dispatch);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Drained(recordedCount.get() - recordedBefore, pending.get());
    }

    private void submit(Pending dispatch) {
        toRecord.add(dispatch);
        kick();
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

    /** How long recording waits before it tries a log that could not be written again. */
    static final long LOG_RETRY_MILLIS = 500;

    private void recordQueued() {
        do {
            Pending dispatch;
            while ((dispatch = toRecord.poll()) != null) {
                try {
                    record(dispatch);
                } catch (LogUnavailable e) {
                    // Accepted means recorded, however long it takes: keep it and try again shortly.
                    LOG.warnf("the dispatch of %s waits for the mission log: %s", dispatch.hero, e.getMessage());
                    toRecord.add(dispatch);
                    recording.set(false);
                    vertx.setTimer(LOG_RETRY_MILLIS, id -> kick());
                    return;
                } catch (RuntimeException e) {
                    // One failure must not stop the recording of every later dispatch.
                    LOG.errorf(e, "recording the dispatch of %s failed", dispatch.hero);
                }
            }
            recording.set(false);
            // A dispatch queued after the last poll but before the flag fell found the flag still up: take it.
        } while (!toRecord.isEmpty() && recording.compareAndSet(false, true));
    }

    private void record(Pending dispatch) {
        log.record(dispatch.hero);
        long waited = System.nanoTime() - dispatch.acceptedNanos;
        metrics.recorded(waited);
        recordedCount.incrementAndGet();
        broker.publish(EventPayload.DispatchRecorded.of(dispatch.hero, waited / 1_000_000));
        pending.release();
        LOG.debugf("recorded dispatch of %s", dispatch.hero);
    }
}
