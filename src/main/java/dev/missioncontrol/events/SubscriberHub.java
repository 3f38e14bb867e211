package dev.missioncontrol.events;

import dev.missioncontrol.sse.EventStreamEncoder;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This process's fan-out: every event the transport delivers reaches every subscriber here.
 *
 * <p>Subscribers are grouped in shards, one per event-loop thread, and each shard is only ever touched on its
 * own thread. Publishing therefore costs one queue offer per event loop, not per subscriber, and holds no lock
 * while any socket is written; each shard then writes the event's one shared frame to its subscribers in a
 * single task. When events arrive faster than a shard drains them, it takes them as a burst (up to
 * {@link #MAX_BATCH}) and gives each subscriber one write holding every frame it accepts, joined once per
 * distinct filter, so the cost per subscriber stays one write per burst instead of one per event. A shard
 * whose last drain was long waits a few times that long before the next ({@link #DUTY_CYCLE}), so under heavy
 * fan-out it sends fewer, fuller writes rather than falling ever further behind; light loads never wait. A slow subscriber only fills its own bounded queue. A periodic task per shard sends heartbeats
 * and ends streams that reached their lifetime, so no thread or timer exists per subscriber.
 */
@Singleton
public class SubscriberHub {

    /**
     * The most events one shard task takes from its inbox. Large, because a drain costs one write per subscriber
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

    /** Drains shorter than this never delay the next one: a light fan-out is written as each event comes. */
    static final long COALESCE_AFTER_NANOS = 5_000_000L;

    /** The longest a shard holds events back to coalesce them. */
    static final long MAX_COALESCE_NANOS = 250_000_000L;

    private final Vertx vertx;
    private final EventTransport transport;
    private final EventMetrics metrics;
    private final int queueCapacity;
    private final OverflowPolicy overflow;
    private final long heartbeatNanos;
    private final long lifetimeNanos;
    private final long tickMillis;
    private final int maxSubscribers;
    private volatile long coalesceAfterNanos = COALESCE_AFTER_NANOS;
    private volatile long minimumHoldNanos;
    private final Buffer keepalive = EventStreamEncoder.comment("keepalive");
    private final Object shardsLock = new Object();
    private volatile Shard[] shards = new Shard[0];
    private volatile boolean accepting = true;

    /**
     * @param vertx     the Vert.x instance whose event loops own the subscribers
     * @param transport where events come from; this hub becomes its sink
     * @param metrics   the stream's meters
     * @param config    queue size, overflow policy, heartbeat, lifetime and subscriber limit
     */
    public SubscriberHub(Vertx vertx, EventTransport transport, EventMetrics metrics, EventsConfig config) {
        this.vertx = vertx;
        this.transport = transport;
        this.metrics = metrics;
        this.queueCapacity = config.subscriberQueue();
        this.overflow = config.overflow();
        this.heartbeatNanos = config.heartbeat().toNanos();
        this.lifetimeNanos = config.maxLifetime().toNanos();
        this.maxSubscribers = config.maxSubscribers();
        long shortest = Math.min(config.heartbeat().toMillis(), config.maxLifetime().toMillis());
        this.tickMillis = Math.max(10, Math.min(1000, shortest / 8));
        transport.deliverTo(this::fanOut);
    }

    /**
     * Claims a place for a new subscriber.
     *
     * @return false when {@code max-subscribers} are open or the hub is shutting down
     */
    public boolean admit() {
        return accepting && metrics.tryOpenSubscriber(maxSubscribers);
    }

    /**
     * Adds an admitted subscriber. Must run on the event-loop thread that owns {@code sink}. With a
     * {@code lastEventId} it first writes a {@code reset} frame if events were lost, then every retained event
     * after that id; live events follow with no gap and no duplicate.
     *
     * @param sink        the connection
     * @param filter      which event types to send
     * @param lastEventId the client's Last-Event-ID, if it sent one
     * @return the subscriber, to {@link #remove} when its connection closes
     * @throws IllegalStateException if not called on a Vert.x event-loop thread
     */
    public Subscriber subscribe(SubscriberSink sink, TypeFilter filter, OptionalLong lastEventId) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            throw new IllegalStateException("subscribe must run on an event-loop thread");
        }
        // The shard must be listed before the replay is taken, so no event can fall between the two.
        Shard shard = shardFor(context);
        long now = System.nanoTime();
        Subscriber subscriber = new Subscriber(sink, filter, queueCapacity, overflow, metrics, now, lifetimeNanos);
        if (lastEventId.isPresent()) {
            Replay replay = transport.replaySince(lastEventId.getAsLong());
            Buffer frames = Buffer.buffer();
            if (replay.reset()) {
                frames.appendBuffer(EventStreamEncoder.named("reset", "{\"oldest\":" + replay.oldest() + "}"));
            }
            for (Event event : replay.events()) {
                if (filter.accepts(event.type())) {
                    frames.appendBuffer(event.frame());
                }
            }
            subscriber.skipThrough(replay.lastId());
            if (frames.length() > 0) {
                subscriber.writeDirect(frames, now);
            }
        } else {
            subscriber.skipThrough(transport.lastId());
        }
        shard.add(subscriber);
        return subscriber;
    }

    /**
     * Forgets a subscriber whose connection closed; safe to call more than once. Must run on its event loop.
     *
     * @param subscriber the subscriber returned by {@link #subscribe}
     */
    public void remove(Subscriber subscriber) {
        for (Shard shard : shards) {
            if (shard.thread == Thread.currentThread()) {
                shard.remove(subscriber);
                return;
            }
        }
    }

    /**
     * Stops admitting subscribers and ends every open one with {@code event: end} and the given reason.
     *
     * @param reason the {@code reason} field of the end frame, for example {@code shutdown}
     * @return completes when every shard has written its end frames
     */
    public CompletableFuture<Void> endAll(String reason) {
        accepting = false;
        Buffer end = EventStreamEncoder.named("end", "{\"reason\":\"" + reason + "\"}");
        Shard[] current = shards;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (current.length == 0) {
            done.complete(null);
            return done;
        }
        AtomicInteger remaining = new AtomicInteger(current.length);
        for (Shard shard : current) {
            shard.context.runOnContext(v -> {
                shard.endAll(end);
                if (remaining.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    /**
     * Tests only: hold every next drain back by at least {@code holdNanos}, so held-back events are certain.
     *
     * @param holdNanos the least time between two drains of a shard
     */
    void holdBackForTests(long holdNanos) {
        coalesceAfterNanos = 0;
        minimumHoldNanos = holdNanos;
    }

    /** @return open subscribers */
    public int size() {
        return metrics.subscribers();
    }

    private void fanOut(Event event) {
        metrics.published();
        for (Shard shard : shards) {
            shard.offer(event);
        }
    }

    private Shard shardFor(Context context) {
        Thread thread = Thread.currentThread();
        for (Shard shard : shards) {
            if (shard.thread == thread) {
                return shard;
            }
        }
        synchronized (shardsLock) {
            Shard[] current = shards;
            Shard[] grown = java.util.Arrays.copyOf(current, current.length + 1);
            Shard shard = new Shard(thread, context);
            grown[current.length] = shard;
            shards = grown;
            vertx.setPeriodic(tickMillis, id -> shard.tick());
            return shard;
        }
    }

    /** The subscribers of one event-loop thread, with the inbox other threads hand events through. */
    private final class Shard {
        final Thread thread;
        final Context context;
        final List<Subscriber> subscribers = new ArrayList<>();
        final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();
        long earliestNextDrain = System.nanoTime();

        Shard(Thread thread, Context context) {
            this.thread = thread;
            this.context = context;
        }

        void offer(Event event) {
            inbox.offer(event);
            if (scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> drain());
            }
        }

        void drain() {
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
            earliestNextDrain = took < coalesceAfterNanos ? start
                    : start + Math.max(minimumHoldNanos, Math.min(MAX_COALESCE_NANOS, DUTY_CYCLE * took));
            // Anything left waits for another task, so the event loop serves its connections in between.
            if (!inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> drain());
            }
        }

        /** Delivers up to {@link #MAX_BATCH} queued events; false if there were none. */
        private boolean deliverPending(long now) {
            Event first = inbox.poll();
            if (first == null) {
                return false;
            }
            Event next = inbox.poll();
            if (next == null) {
                deliver(first, now);
                return true;
            }
            // A burst: every subscriber gets the events it accepts in one write, not one write per event.
            List<Event> batch = new ArrayList<>();
            batch.add(first);
            do {
                batch.add(next);
            } while (batch.size() < MAX_BATCH && (next = inbox.poll()) != null);
            deliver(batch, now);
            return true;
        }

        private void deliver(Event event, long now) {
            // Backwards, so a subscriber that removes itself (swap-remove) never hides one not yet visited.
            for (int i = subscribers.size() - 1; i >= 0; i--) {
                Subscriber subscriber = subscribers.get(i);
                if (!subscriber.deliver(event, now)) {
                    remove(subscriber);
                }
            }
        }

        private void deliver(List<Event> batch, long now) {
            Map<TypeFilter, Buffer> joined = new HashMap<>();
            for (int i = subscribers.size() - 1; i >= 0; i--) {
                Subscriber subscriber = subscribers.get(i);
                Buffer frames = joined.computeIfAbsent(subscriber.filter(), filter -> join(batch, filter));
                if (!subscriber.deliver(batch, frames, now)) {
                    remove(subscriber);
                }
            }
        }

        private Buffer join(List<Event> batch, TypeFilter filter) {
            List<Buffer> frames = new ArrayList<>(batch.size());
            for (Event event : batch) {
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
            metrics.subscriberClosed();
        }

        void tick() {
            long now = System.nanoTime();
            Buffer end = null;
            for (int i = subscribers.size() - 1; i >= 0; i--) {
                Subscriber subscriber = subscribers.get(i);
                if (subscriber.tick(now, heartbeatNanos, keepalive)) {
                    if (end == null) {
                        end = EventStreamEncoder.named("end", "{\"reason\":\"max-lifetime\"}");
                    }
                    subscriber.end(end);
                    remove(subscriber);
                }
            }
        }

        void endAll(Buffer end) {
            // Events held back for coalescing go out before the end frame: a subscriber must see every event
            // published before shutdown (and the held-back drain later finds the inbox empty).
            while (deliverPending(System.nanoTime())) {
                // keep delivering
            }
            for (int i = subscribers.size() - 1; i >= 0; i--) {
                Subscriber subscriber = subscribers.get(i);
                subscriber.end(end);
                remove(subscriber);
            }
        }
    }
}
