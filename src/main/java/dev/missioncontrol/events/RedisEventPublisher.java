package dev.missioncontrol.events;

import dev.missioncontrol.redis.Backoff;
import dev.missioncontrol.redis.EventStreamKeys;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The publishing half of {@link RedisEventTransport}: sends events, in the order they were published here, on one
 * connection, pipelined, through {@code redis/event-publish.lua} (which numbers and appends in one atomic step), and
 * never waits for them. While Redis is away they wait in a bounded queue ({@code redis.publish-queue}) and go out in
 * order on reconnect; past the bound they are dropped and counted, and once Redis is back the loss listener runs.
 * Each event carries this publisher's own number for it (1, 2, 3, ...), which the script checks, so an event sent
 * again after its connection broke gets one id, never two. Meters: {@code mission_control_redis_publish_queued}, {@code mission_control_redis_publish_errors_total},
 * {@code mission_control_redis_publish_dropped_total}.
 */
final class RedisEventPublisher {

    private static final Logger LOG = Logger.getLogger(RedisEventPublisher.class);
    static final RedisScript PUBLISH = RedisScript.load("append-event.lua", "event-publish.lua");

    private final RedisLink link;
    private final EventStreamKeys keys;
    // Where the script keeps the last number this publisher appended: each instance is a new publisher.
    private final String publisherKey;
    // The number of the last event queued; under lock.
    private long sequence;
    private final int bound;
    // The newest event id this instance has seen: no id given after it may be at or below it.
    private final LongSupplier floor;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> outbox = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final Counter errors;
    private final Counter dropped;
    private RedisConnection connection;
    // The connection being prepared (its script loading), until it is lost.
    private volatile RedisConnection opening;
    private Context context;
    private boolean flushScheduled;
    private boolean lostWhileAway;
    private Runnable lossListener = () -> {};

    /** An event on its way to Redis, with this publisher's number for it; its id is given there. */
    private record Pending(String type, byte[] json, long millis, long sequence) {}

    RedisEventPublisher(RedisLink link, EventStreamKeys keys, int bound, LongSupplier floor, MeterRegistry registry) {
        this.link = link;
        this.floor = floor;
        this.keys = keys;
        this.publisherKey = link.key("events:publisher:" + UUID.randomUUID());
        this.bound = bound;
        Gauge.builder("mission_control.redis.publish.queued", this, RedisEventPublisher::queued)
                .description("Events waiting to be sent to Redis")
                .register(registry);
        this.errors = Counter.builder("mission_control.redis.publish.errors")
                .description("Publishes Redis refused")
                .register(registry);
        this.dropped = Counter.builder("mission_control.redis.publish.dropped")
                .description("Events dropped because Redis was away and the publish queue was full")
                .register(registry);
    }

    void start() {
        link.maintain("events-publish", this::connected, this::lost);
    }

    void onLoss(Runnable listener) {
        synchronized (lock) {
            this.lossListener = listener;
        }
    }

    void publish(String type, byte[] json) {
        long millis = System.currentTimeMillis();
        synchronized (lock) {
            if (outbox.size() + inFlight.size() >= bound) {
                dropped.increment();
                lostWhileAway = true;
                return;
            }
            outbox.add(new Pending(type, json, millis, ++sequence));
            scheduleFlush();
        }
    }

    // Under lock. Sending always happens on the connection's context, so the order in which publish() queued
    // requests is the order they are written, whatever thread published them.
    private void scheduleFlush() {
        if (!flushScheduled && context != null) {
            flushScheduled = true;
            context.runOnContext(v -> flush());
        }
    }

    private void flush() {
        // Read outside this publisher's lock: the transport's lock is taken while its reader delivers.
        long seen = floor.getAsLong();
        synchronized (lock) {
            flushScheduled = false;
            RedisConnection current = connection;
            if (current == null) {
                return;
            }
            Pending pending;
            // A send can find the connection broken and run lost() at once, on this thread and under this lock:
            // what lost() put back in the outbox then waits for the next connection instead of going out on this one.
            while (connection == current && !current.pendingQueueFull() && (pending = outbox.poll()) != null) {
                inFlight.add(pending);
                Pending sent = pending;
                PUBLISH.run(
                                current::send,
                                3,
                                request -> request.arg(keys.sequence())
                                        .arg(keys.stream())
                                        .arg(publisherKey)
                                        .arg(keys.maxlen())
                                        .arg(sent.type())
                                        .arg(sent.json())
                                        .arg(sent.millis())
                                        .arg(sent.sequence())
                                        .arg(seen))
                        .onComplete(result -> published(current, result.succeeded(), result.cause()));
            }
        }
    }

    private void published(RedisConnection from, boolean ok, Throwable failure) {
        synchronized (lock) {
            if (from != connection) {
                return; // a lost connection's requests were put back in the outbox already
            }
            if (!ok && !refusedByRedis(failure)) {
                // A breaking connection fails its pending requests before its end handler runs: they stay in flight
                // for lost() to send again, since Redis may not have them.
                return;
            }
            inFlight.poll();
            if (!ok) {
                errors.increment();
                LOG.errorf("redis refused an event: %s", failure == null ? "?" : failure.getMessage());
            }
            if (!outbox.isEmpty()) {
                scheduleFlush();
            }
        }
    }

    // An error reply from Redis itself (the script refused the event); not the client's CONNECTION_CLOSED reply
    // for requests pending on a connection that broke, nor a failure to write.
    private static boolean refusedByRedis(Throwable failure) {
        return failure instanceof Response
                && !String.valueOf(failure.getMessage()).startsWith("CONNECTION_CLOSED");
    }

    private void connected(RedisConnection opened) {
        opening = opened;
        preload(opened, new Backoff());
    }

    // The script is cached before the first publish so that no run in the pipeline meets NOSCRIPT; a failed load is
    // tried again on the same connection, with backoff, for as long as it is open.
    private void preload(RedisConnection opened, Backoff backoff) {
        if (opening != opened) {
            return;
        }
        PUBLISH.preload(opened::send)
                .onSuccess(v -> {
                    synchronized (lock) {
                        connection = opened;
                        context = Vertx.currentContext();
                        scheduleFlush();
                        if (lostWhileAway) {
                            lostWhileAway = false;
                            Runnable listener = lossListener;
                            context.runOnContext(x -> listener.run());
                        }
                    }
                })
                .onFailure(failure -> {
                    long wait = backoff.failed();
                    LOG.warnf(
                            "redis: the publish script could not be loaded (%s); trying again in %d ms",
                            failure.getMessage(), wait);
                    link.later(wait, () -> preload(opened, backoff));
                });
    }

    private void lost() {
        opening = null;
        synchronized (lock) {
            connection = null;
            // Sent but not acknowledged: Redis may or may not have them. They go out again, first and in order,
            // with their numbers, and the script appends only those it has not appended yet.
            while (!inFlight.isEmpty()) {
                outbox.addFirst(inFlight.pollLast());
            }
        }
    }

    /** Sends {@code XADD stream MAXLEN ~ 100 * probe <instance>} for the reader to find; nothing while not open. */
    void probe(String stream, String instance) {
        RedisConnection current;
        Context on;
        synchronized (lock) {
            current = connection;
            on = context;
        }
        if (current != null) {
            on.runOnContext(v -> current.send(Request.cmd(Command.XADD)
                            .arg(stream)
                            .arg("MAXLEN")
                            .arg("~")
                            .arg(100)
                            .arg("*")
                            .arg("probe")
                            .arg(instance))
                    .onFailure(failure -> LOG.debugf("redis: the delivery probe failed: %s", failure.getMessage())));
        }
    }

    /** @return true once the publish connection is open and its script loaded */
    boolean isReady() {
        synchronized (lock) {
            return connection != null;
        }
    }

    private int queued() {
        synchronized (lock) {
            return outbox.size() + inFlight.size();
        }
    }
}
