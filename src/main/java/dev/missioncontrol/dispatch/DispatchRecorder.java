package dev.missioncontrol.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
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
 * Records the dispatches whose scramble ended, in batches of up to {@value #RECORD_BATCH}, on the managed executor,
 * one batch at a time. A batch that cannot be written ({@link LogUnavailable}: Redis away) is kept and tried again
 * every {@value #RETRY_MILLIS} ms for as long as it takes. A batch that fails otherwise is tried again
 * {@value #ATTEMPTS} times in all, then released, so that it stops counting as pending here, and reported (an ERROR
 * line and {@code mission_control_dispatch_record_failures_total}); with Redis it stays pending in the shared queue,
 * where the takeover claims it again after {@code claim-after}.
 */
final class DispatchRecorder {

    private static final Logger LOG = Logger.getLogger(DispatchRecorder.class);

    /** How long recording waits before it tries a batch that failed again, in milliseconds. */
    static final long RETRY_MILLIS = 500;
    /** The most dispatches recorded in one step (one Redis script). */
    static final int RECORD_BATCH = 200;
    /** How many times a batch that fails unexpectedly is tried before it is given up. */
    static final int ATTEMPTS = 3;

    private final ManagedExecutor executor;
    private final Vertx vertx;
    private final DispatchQueue queue;
    private final DispatchMetrics metrics;
    private final DispatchTracing tracing;
    private final AtomicLong recordedCount = new AtomicLong();
    private final Queue<Dispatch> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    // Set while the mission log cannot be written: an outage is one WARN line when it begins and one INFO at its end.
    private final AtomicBoolean logAway = new AtomicBoolean();
    // Dispatch id -> unexpected failures so far, for dispatches that failed and wait to be tried again.
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    // Per event-loop thread: whether a kick is already queued for the end of the loop's current turn.
    private final ThreadLocal<boolean[]> kickQueued = ThreadLocal.withInitial(() -> new boolean[1]);

    DispatchRecorder(
            ManagedExecutor executor,
            Vertx vertx,
            DispatchQueue queue,
            DispatchMetrics metrics,
            DispatchTracing tracing) {
        this.executor = executor;
        this.vertx = vertx;
        this.queue = queue;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** @return dispatches recorded by this instance since it started */
    long recorded() {
        return recordedCount.get();
    }

    /** Queues a dispatch whose scramble ended, to be recorded soon. */
    void submit(Dispatch dispatch) {
        toRecord.add(dispatch);
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            kick();
            return;
        }
        // On an event loop the kick waits for the end of the loop's turn, so that every dispatch answered in that
        // turn goes to the executor at once: a kick per dispatch would wake an executor thread for nearly every
        // request, a futex call and a context switch each.
        boolean[] queued = kickQueued.get();
        if (!queued[0]) {
            queued[0] = true;
            context.runOnContext(v -> {
                queued[0] = false;
                kick();
            });
        }
    }

    private void kick() {
        // One executor task records everything queued meanwhile: a task per dispatch would cost an executor
        // hand-off per request for no gain, since the mission log takes one writer at a time anyway.
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
                    if (logAway.compareAndSet(false, true)) {
                        LOG.warnf(
                                "dispatches wait for the mission log, trying again every %d ms: %s",
                                RETRY_MILLIS, e.getMessage());
                    } else {
                        LOG.debugf("%d dispatches wait for the mission log: %s", batch.size(), e.getMessage());
                    }
                    retryLater(batch);
                    return;
                } catch (RuntimeException e) {
                    if (failedUnexpectedly(batch, e)) {
                        return;
                    }
                }
            }
            recording.set(false);
            // A dispatch queued after the last poll but before the flag fell found the flag still up: take it.
        } while (!toRecord.isEmpty() && recording.compareAndSet(false, true));
    }

    /** @return true if the batch is kept to be tried again (recording stops until then); false if given up */
    private boolean failedUnexpectedly(List<Dispatch> batch, RuntimeException e) {
        int attempt = failures.merge(batch.get(0).id(), 1, Integer::sum);
        if (attempt < ATTEMPTS) {
            LOG.errorf(
                    e,
                    "recording %d dispatches failed (attempt %d of %d); trying again",
                    batch.size(),
                    attempt,
                    ATTEMPTS);
            retryLater(batch);
            return true;
        }
        LOG.errorf(e, "recording %d dispatches failed %d times; giving them up here", batch.size(), attempt);
        failures.remove(batch.get(0).id());
        metrics.recordFailed(batch.size());
        queue.release(batch);
        return false;
    }

    private void retryLater(List<Dispatch> batch) {
        // Back at the head of the queue, in order, so the same batch is tried again.
        List<Dispatch> rest = new ArrayList<>(batch);
        Dispatch next;
        while ((next = toRecord.poll()) != null) {
            rest.add(next);
        }
        toRecord.addAll(rest);
        recording.set(false);
        vertx.setTimer(RETRY_MILLIS, id -> kick());
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
        failures.remove(batch.get(0).id());
        if (logAway.compareAndSet(true, false)) {
            LOG.info("the mission log can be written again; the waiting dispatches are being recorded");
        }
        long now = System.currentTimeMillis();
        for (Dispatch dispatch : recorded) {
            long waited = Math.max(0, now - dispatch.acceptedMillis());
            metrics.recorded(TimeUnit.MILLISECONDS.toNanos(waited));
            tracing.recorded(dispatch, now);
            DispatchAudit.recorded(dispatch, waited);
        }
        // Counted before they are released: a drain that sees nothing pending has counted every one.
        recordedCount.addAndGet(recorded.size());
        queue.release(batch);
    }
}
