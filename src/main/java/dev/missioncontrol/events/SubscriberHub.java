package dev.missioncontrol.events;

import dev.missioncontrol.fanout.FanOutShard;
import dev.missioncontrol.fanout.FrameSink;
import dev.missioncontrol.fanout.Receiver;
import dev.missioncontrol.fanout.ShardsByThread;
import dev.missioncontrol.limits.BoundedCounter;
import dev.missioncontrol.sse.EventStreamEncoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This process's fan-out: every event the transport delivers reaches every subscriber here.
 *
 * <p>Subscribers are grouped in shards ({@link HubShard}), one per event-loop thread, and each shard is only ever
 * touched on its own thread. Publishing therefore costs one encoding per event (its Server-Sent Events frame, shared
 * by every subscriber) and one queue offer per event loop, and holds no lock while any socket is written. A slow
 * subscriber only fills its own bounded queue. A periodic task per shard sends heartbeats and ends streams that
 * reached their lifetime, so no thread or timer exists per subscriber. Events come in through
 * {@link #fanOut(Event)}, which {@link EventBroker} connects to the transport at start-up.
 */
@Singleton
public class SubscriberHub {

    private final Vertx vertx;
    private final EventTransport transport;
    private final EventMetrics metrics;
    private final SubscriberSettings settings;
    private final Receiver.Limits limits;
    private final BoundedCounter open;
    private final long tickMillis;
    private final FanOutShard.Pacing pacing;
    private final Buffer keepalive = EventStreamEncoder.comment("keepalive");
    private final ShardsByThread<HubShard> shards = new ShardsByThread<>(HubShard[]::new);
    private volatile boolean accepting = true;

    /**
     * @param vertx     the Vert.x instance whose event loops own the subscribers
     * @param transport where resuming subscribers' replays come from
     * @param metrics   the stream's meters
     * @param config    queue size, overflow policy, heartbeat, lifetime and subscriber limit
     */
    @Inject
    public SubscriberHub(Vertx vertx, EventTransport transport, EventMetrics metrics, EventsConfig config) {
        this(vertx, transport, metrics, config, FanOutShard.DEFAULT_PACING);
    }

    /**
     * @param vertx     the Vert.x instance whose event loops own the subscribers
     * @param transport where resuming subscribers' replays come from
     * @param metrics   the stream's meters
     * @param config    queue size, overflow policy, heartbeat, lifetime and subscriber limit
     * @param pacing    how long each shard holds events back to coalesce them
     */
    public SubscriberHub(
            Vertx vertx,
            EventTransport transport,
            EventMetrics metrics,
            EventsConfig config,
            FanOutShard.Pacing pacing) {
        this.vertx = vertx;
        this.pacing = pacing;
        this.transport = transport;
        this.metrics = metrics;
        this.settings = SubscriberSettings.of(config);
        this.limits = new Receiver.Limits(settings.queueCapacity(), settings.overflow(), ControlFrames::lost, metrics);
        this.open = new BoundedCounter(config.maxSubscribers());
        metrics.observeSubscribers(open);
        long shortest =
                Math.min(config.heartbeat().toMillis(), config.maxLifetime().toMillis());
        this.tickMillis = Math.max(10, Math.min(1000, shortest / 8));
    }

    /**
     * Claims a place for a new subscriber.
     *
     * @return false when {@code max-subscribers} are open or the hub is shutting down
     */
    public boolean admit() {
        return accepting && open.tryAcquire();
    }

    /**
     * Adds an admitted subscriber. Must run on the event-loop thread that owns {@code sink}. With a
     * {@code lastEventId} it first writes a {@code reset} frame if events were lost, then every retained event
     * after that id; live events follow with no gap and no duplicate.
     *
     * @param sink        the connection
     * @param asked       which event types to send
     * @param lastEventId the client's Last-Event-ID, if it sent one
     * @return the subscriber, to {@link #remove} when its connection closes
     * @throws IllegalStateException if not called on a Vert.x event-loop thread
     */
    public Subscriber subscribe(FrameSink sink, TypeFilter asked, OptionalLong lastEventId) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            throw new IllegalStateException("subscribe must run on an event-loop thread");
        }
        // The shard must be listed before the replay is taken, so no event can fall between the two.
        HubShard shard = shardFor(context);
        TypeFilter filter = shard.shared(asked);
        long now = System.nanoTime();
        Subscriber subscriber = new Subscriber(sink, filter, settings, limits, now);
        if (lastEventId.isPresent()) {
            Replay replay = transport.replaySince(lastEventId.getAsLong());
            Buffer frames = Buffer.buffer();
            if (replay.reset()) {
                frames.appendBuffer(ControlFrames.reset(replay.oldest()));
            }
            for (Event event : replay.events()) {
                if (filter.accepts(event.type())) {
                    EventStreamEncoder.appendEvent(frames, event.id(), event.type(), event.json());
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
        HubShard shard = shards.current();
        if (shard != null) {
            shard.remove(subscriber);
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
        Buffer end = ControlFrames.end(reason);
        HubShard[] current = shards.all();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (current.length == 0) {
            done.complete(null);
            return done;
        }
        AtomicInteger remaining = new AtomicInteger(current.length);
        for (HubShard shard : current) {
            shard.context.runOnContext(v -> {
                shard.endAll(end, reason);
                if (remaining.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    /**
     * Tells every subscriber to refetch: writes {@code reset} (queued behind anything a slow one still has to read).
     * For events lost before they were numbered, which no subscriber can see as a gap.
     */
    public void resetAll() {
        Buffer reset = ControlFrames.reset(transport.lastId() + 1);
        for (HubShard shard : shards.all()) {
            shard.context.runOnContext(v -> shard.sendToAll(reset));
        }
    }

    /** @return open subscribers */
    public int size() {
        return open.get();
    }

    /**
     * Encodes an event into its one shared frame and hands it to every shard. The transport's sink: called in id
     * order, from any thread; never blocks.
     *
     * @param event an event the transport numbered
     */
    void fanOut(Event event) {
        metrics.published();
        HubShard[] current = shards.all();
        if (current.length == 0) {
            return;
        }
        EncodedEvent encoded = new EncodedEvent(
                event.id(), event.type(), EventStreamEncoder.event(event.id(), event.type(), event.json()));
        for (HubShard shard : current) {
            shard.offer(encoded);
        }
    }

    /** A shard forgot a subscriber: its admission slot is free again, and its end is counted by reason. */
    void released(String reason) {
        open.release();
        metrics.streamEnded(reason);
    }

    private HubShard shardFor(Context context) {
        return shards.currentOrNew(() -> {
            HubShard shard = new HubShard(this, vertx, Thread.currentThread(), context, pacing);
            vertx.setPeriodic(tickMillis, id -> shard.tick(keepalive));
            return shard;
        });
    }
}
