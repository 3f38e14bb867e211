package dev.missioncontrol.fanout;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The receivers of one event-loop thread, and the inbox other threads hand messages through: the engine under
 * both the event stream and comms rooms. Everything but {@link #offer} runs on that thread, so receivers need no
 * locks, and a publisher never waits for a socket.
 *
 * <p>Each drain hands a message, encoded once and shared, to every receiver in one task. When messages arrive
 * faster than the shard drains them, it takes them as a burst (up to {@link #MAX_BATCH}), so a subclass can give
 * each receiver one write holding every frame of the burst it should get. A shard that is behind (its messages
 * wait for the event loop, and it spends most of its time in long drains) waits a few times that long before the
 * next ({@link #DUTY_CYCLE}), so under heavy fan-out it sends fewer, fuller writes and leaves its event loop time
 * for its other connections; a shard that keeps up never waits, however long its drains.
 *
 * @param <M> what is handed out: an encoded message and what decides who gets it
 */
public abstract class FanOutShard<M> {

    /**
     * The most messages one drain takes from the inbox. Large, because a drain costs one write per receiver
     * whatever the batch holds, and a small batch let a shard held back under the duty cycle fall behind a fast
     * publisher without bound.
     */
    public static final int MAX_BATCH = 8192;

    /**
     * A shard that is behind starts its next drain no sooner than this many times its last drain's duration after
     * that drain started, so fan-out takes at most about half of an event loop; it thereby coalesces the messages
     * of that interval into one write per receiver instead of falling behind by one write per message. Without any
     * hold a large fan-out starves the publisher (docs/benchmarks.md, tuning history).
     */
    public static final long DUTY_CYCLE = 2;

    /** The longest a shard holds messages back to coalesce them. */
    public static final long MAX_COALESCE_NANOS = 250_000_000L;

    /** Drains shorter than this never delay the next one. */
    public static final long COALESCE_AFTER_NANOS = 5_000_000L;

    /**
     * A drain that started less than this after it was asked for found its event loop free: the shard is keeping
     * up, however long the drain then took.
     */
    public static final long WAITED_BEHIND_NANOS = 5_000_000L;

    /** How a shard paces its drains; tests hold drains back to make coalescing certain. */
    @FunctionalInterface
    public interface Pacing {
        /**
         * @param tookNanos         how long the drain just finished took, in nanoseconds
         * @param sincePreviousNanos from the start of the previous drain that took
         *                           {@link FanOutShard#COALESCE_AFTER_NANOS} or more to the start of this one, in
         *                           nanoseconds (see {@link DrainPacer})
         * @param waitedNanos        from the moment the first message of this drain was queued (or the previous
         *                           drain left messages queued) to the drain's start, in nanoseconds: how long the
         *                           event loop, or a hold, kept it waiting
         * @return how long after this drain's start the next may start, in nanoseconds; 0 for as soon as a message
         *         comes
         */
        long holdNanos(long tookNanos, long sincePreviousNanos, long waitedNanos);
    }

    /**
     * Production pacing: hold back only a shard that is behind, one whose drain had to wait for its event loop
     * ({@link #WAITED_BEHIND_NANOS} or more) and that spent at least half the time since its previous long drain
     * started draining, in a drain of {@link #COALESCE_AFTER_NANOS} or more. The wait matters: one drain made long by
     * something else (a collector pause inside it) on a loop that was free says nothing about being behind, and
     * holding a shard that keeps up back only delays its events. Under heavy fan-out every message waits for the
     * drain before it, so the hold comes when it is needed (docs/benchmarks.md, tuning history).
     */
    public static final Pacing DEFAULT_PACING =
            (tookNanos, sincePreviousNanos, waitedNanos) -> tookNanos >= COALESCE_AFTER_NANOS
                            && 2 * tookNanos >= sincePreviousNanos
                            && waitedNanos >= WAITED_BEHIND_NANOS
                    ? Math.min(MAX_COALESCE_NANOS, DUTY_CYCLE * tookNanos)
                    : 0;

    /** The event-loop thread that owns this shard. */
    public final Thread thread;
    /** Its Vert.x context, to run work on that thread. */
    public final Context context;

    private final Vertx vertx;
    private final DrainPacer pacer;
    private final ConcurrentLinkedQueue<M> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long earliestNextDrain = System.nanoTime();
    // When the pending drain was asked for. Written before the task is handed to the event loop, which makes it
    // visible there; read at the drain's start, before a message queued during the drain can ask again.
    private long requestedNanos;

    /**
     * @param vertx   for the timer that holds back a drain
     * @param thread  the owning event-loop thread
     * @param context its context
     * @param pacing  when to coalesce
     */
    protected FanOutShard(Vertx vertx, Thread thread, Context context, Pacing pacing) {
        this.vertx = vertx;
        this.thread = thread;
        this.context = context;
        this.pacer = new DrainPacer(pacing, earliestNextDrain);
    }

    /**
     * Queues a message for this shard's receivers; safe from any thread, never blocks.
     *
     * @param message the message, already encoded
     */
    public final void offer(M message) {
        inbox.offer(message);
        requestDrain();
    }

    /** Asks for a drain task on the shard's thread, unless one is already asked for; from any thread. */
    private void requestDrain() {
        if (scheduled.compareAndSet(false, true)) {
            requestedNanos = System.nanoTime();
            context.runOnContext(v -> drain());
        }
    }

    /** @return true when called on this shard's thread */
    public final boolean onOwnThread() {
        return thread == Thread.currentThread();
    }

    /**
     * Hands one message to this shard's receivers.
     *
     * @param message  the message
     * @param nowNanos {@link System#nanoTime()} at the start of the drain
     */
    protected abstract void deliver(M message, long nowNanos);

    /**
     * Hands a burst of messages, oldest first, to this shard's receivers: ideally one write per receiver.
     *
     * @param burst    two or more messages
     * @param nowNanos {@link System#nanoTime()} at the start of the drain
     */
    protected abstract void deliver(List<M> burst, long nowNanos);

    private void drain() {
        long start = System.nanoTime();
        if (start - earliestNextDrain < 0) {
            // Too soon after a long drain: wait (keeping the task scheduled) and take what has piled up then.
            long waitMillis = Math.max(1, (earliestNextDrain - start) / 1_000_000);
            vertx.setTimer(waitMillis, id -> drain());
            return;
        }
        long waited = start - requestedNanos;
        scheduled.set(false);
        if (!deliverPending(start)) {
            return;
        }
        earliestNextDrain = pacer.afterDrain(start, System.nanoTime() - start, waited);
        // Anything left waits for another task, so the event loop serves its connections in between.
        if (!inbox.isEmpty()) {
            requestDrain();
        }
    }

    /**
     * Delivers up to {@link #MAX_BATCH} queued messages now, held back or not. On the shard's thread only.
     *
     * @param nowNanos {@link System#nanoTime()} now
     * @return false if there were none
     */
    protected final boolean deliverPending(long nowNanos) {
        M first = inbox.poll();
        if (first == null) {
            return false;
        }
        M next = inbox.poll();
        if (next == null) {
            deliver(first, nowNanos);
            return true;
        }
        List<M> burst = new ArrayList<>();
        burst.add(first);
        do {
            burst.add(next);
        } while (burst.size() < MAX_BATCH && (next = inbox.poll()) != null);
        deliver(burst, nowNanos);
        return true;
    }
}
