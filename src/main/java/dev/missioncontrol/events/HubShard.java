package dev.missioncontrol.events;

import dev.missioncontrol.sse.EventStreamEncoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers of one event-loop thread, and the inbox other threads hand events through. Everything but
 * {@link #offer} runs on that thread, so subscribers need no locks.
 *
 * <p>Each drain writes an event's one shared frame to every subscriber in a single task. When events arrive
 * faster than the shard drains them, it takes them as a burst (up to {@link #MAX_BATCH}) and gives each
 * subscriber one write holding every frame it accepts, joined once per distinct filter. A shard whose last
 * drain was long waits a few times that long before the next ({@link #DUTY_CYCLE}), so under heavy fan-out it
 * sends fewer, fuller writes rather than falling ever further behind; light loads never wait.
 */
final class HubShard {

    /**
     * The most events one drain takes from the inbox. Large, because a drain costs one write per subscriber
     * whatever the batch holds: with 256, a shard holding back under the duty cycle could take at most 256 events
     * per cycle and fell behind a fast publisher without bound (found by the dispatch row of the benchmark).
     */
    static final int MAX_BATCH = 8192;

    /**
     * A shard's next drain starts no sooner than this many times its last drain's duration after that drain
     * started, so fan-out takes at most about a quarter of an event loop; a busy shard thereby coalesces the
     * events of that interval into one write per subscriber instead of falling behind by one write per event.
     */
    static final long DUTY_CYCLE = 4;

    /** The longest a shard holds events back to coalesce them. */
    static final long MAX_COALESCE_NANOS = 250_000_000L;

    final Thread thread;
    final Context context;
    private final SubscriberHub hub;
    private final Vertx vertx;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final ConcurrentLinkedQueue<EncodedEvent> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long earliestNextDrain = System.nanoTime();

    HubShard(SubscriberHub hub, Vertx vertx, Thread thread, Context context) {
        this.hub = hub;
        this.vertx = vertx;
        this.thread = thread;
        this.context = context;
    }

    /** Queues an event for this shard's subscribers; safe from any thread. */
    void offer(EncodedEvent event) {
        inbox.offer(event);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        long start = System.nanoTime();
        if (start - earliestNextDrain < 0) {
            // Too soon after a long drain: wait (keeping the task scheduled) and take what has piled up then.
            long waitMillis = Math.max(1, (earliestNextDrain - start) / 1_000_000);
            vertx.setTimer(waitMillis, id -> drain());
            return;
        }
        scheduled.set(false);
        if (!deliverPending(start)) {
            return;
        }
        long took = System.nanoTime() - start;
        earliestNextDrain = took < hub.coalesceAfterNanos() ? start
                : start + Math.max(hub.minimumHoldNanos(), Math.min(MAX_COALESCE_NANOS, DUTY_CYCLE * took));
        // Anything left waits for another task, so the event loop serves its connections in between.
        if (!inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** Delivers up to {@link #MAX_BATCH} queued events; false if there were none. */
    private boolean deliverPending(long now) {
        EncodedEvent first = inbox.poll();
        if (first == null) {
            return false;
        }
        EncodedEvent next = inbox.poll();
        if (next == null) {
            deliver(first, now);
            return true;
        }
        // A burst: every subscriber gets the events it accepts in one write, not one write per event.
        List<EncodedEvent> batch = new ArrayList<>();
        batch.add(first);
        do {
            batch.add(next);
        } while (batch.size() < MAX_BATCH && (next = inbox.poll()) != null);
        deliver(batch, now);
        return true;
    }

    private void deliver(EncodedEvent event, long now) {
        // Backwards, so a subscriber that removes itself (swap-remove) never hides one not yet visited.
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            if (!subscriber.deliver(event, now)) {
                remove(subscriber);
            }
        }
    }

    private void deliver(List<EncodedEvent> batch, long now) {
        Map<TypeFilter, Buffer> joined = new HashMap<>();
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            Buffer frames = joined.computeIfAbsent(subscriber.filter(), filter -> join(batch, filter));
            if (!subscriber.deliver(batch, frames, now)) {
                remove(subscriber);
            }
        }
    }

    private static Buffer join(List<EncodedEvent> batch, TypeFilter filter) {
        List<Buffer> frames = new ArrayList<>(batch.size());
        for (EncodedEvent event : batch) {
            if (filter.accepts(event.type())) {
                frames.add(event.frame());
            }
        }
        return EventStreamEncoder.join(frames);
    }

    void add(Subscriber subscriber) {
        subscriber.index = subscribers.size();
        subscribers.add(subscriber);
    }

    /** Forgets a subscriber and releases its admission slot; does nothing if it is not (or no longer) here. */
    void remove(Subscriber subscriber) {
        int index = subscriber.index;
        if (index < 0 || index >= subscribers.size() || subscribers.get(index) != subscriber) {
            return;
        }
        Subscriber last = subscribers.remove(subscribers.size() - 1);
        if (last != subscriber) {
            subscribers.set(index, last);
            last.index = index;
        }
        subscriber.index = -1;
        hub.released(subscriber.endReason());
    }

    /** Sends heartbeats where a subscriber was silent too long, and ends streams that reached their lifetime. */
    void tick(Buffer keepalive) {
        long now = System.nanoTime();
        Buffer end = null;
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            if (subscriber.tick(now, keepalive)) {
                if (end == null) {
                    end = ControlFrames.end("max-lifetime");
                }
                subscriber.end(end, "max-lifetime");
                remove(subscriber);
            }
        }
    }

    /** Delivers everything queued, then ends every subscriber with {@code end} for {@code reason}. */
    void endAll(Buffer end, String reason) {
        // Events held back for coalescing go out before the end frame: a subscriber must see every event
        // published before shutdown (and the held-back drain later finds the inbox empty).
        while (deliverPending(System.nanoTime())) {
            // keep delivering
        }
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            subscriber.end(end, reason);
            remove(subscriber);
        }
    }
}
