package dev.missioncontrol.events;

import dev.missioncontrol.redis.RedisConfig;
import dev.missioncontrol.redis.RedisLink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * The event stream shared by every instance on one Redis ({@code mission-control.transport=redis}).
 *
 * <p>Publishing numbers and appends in one atomic step, a Lua script that INCRs the sequence key and XADDs the event
 * to the stream with that number as its id ({@code <n>-0}), trimming it to about {@code replay} entries
 * ({@code MAXLEN ~}). Ids are therefore consecutive across all instances. Each instance sends its publishes in order
 * on one connection, pipelined, and never waits for them: while Redis is away they wait in a bounded queue
 * ({@code redis.publish-queue}) and go out in order on reconnect; past the bound they are dropped and counted, and
 * once Redis is back every subscriber gets {@code reset} (see {@link #onLoss}).
 *
 * <p>Each instance reads the stream on a connection of its own ({@code XREAD BLOCK}) and hands every entry, in id
 * order, to its local fan-out, keeping the newest {@code replay} in a ring of its own. A resuming subscriber is
 * served from that ring, so a replay and the live events after it meet with no gap and no duplicate, exactly as with
 * the local transport; at start-up the ring is filled from the stream ({@code XREVRANGE}). An entry whose id does not
 * follow the previous one (the reader fell behind the trimming, or Redis lost data) starts a new run, so a client
 * resuming from before it gets {@code reset}.
 *
 * <p>Meters: {@code mission_control_redis_publish_queued}, {@code mission_control_redis_publish_errors_total},
 * {@code mission_control_redis_publish_dropped_total} and {@code mission_control_redis_delivery_lag_seconds} (from
 * the XADD to this instance's fan-out; across machines it includes their clock difference).
 * Redis commands: INCR, XADD, XREAD, XREVRANGE, EVALSHA, SCRIPT LOAD (redis.io/commands).
 */
@Singleton
@Typed(RedisEventTransport.class)
// Looked up only through the transport chosen at start-up, so the container must keep it.
@Unremovable
public class RedisEventTransport extends RetainingTransport {

    private static final Logger LOG = Logger.getLogger(RedisEventTransport.class);

    /**
     * A Lua function {@code append_event(sequence, stream, maxlen, type, data, ms)} that numbers one event and appends
     * it, returning its id: the one way events enter the stream, so that scripts of other features (the dispatch
     * queue) publish in the same atomic step as their own writes. If the sequence key is gone (Redis lost it) it
     * continues from the newest entry, so ids never go backwards.
     */
    public static final String APPEND_FUNCTION = """
            local function append_event(sequence, stream, maxlen, type, data, ms)
              if redis.call('EXISTS', sequence) == 0 then
                local newest = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
                if #newest > 0 then
                  redis.call('SET', sequence, string.match(newest[1][1], '^(%d+)'))
                end
              end
              local id = redis.call('INCR', sequence)
              redis.call('XADD', stream, 'MAXLEN', '~', maxlen, id .. '-0', 't', type, 'd', data, 'ms', ms)
              return id
            end
            """;

    /** KEYS: sequence, stream. ARGV: max length, type, data, publish time (ms). Returns the new id. */
    static final String PUBLISH_SCRIPT = APPEND_FUNCTION
            + "return append_event(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])\n";

    /** Entries one XREAD may return. */
    static final int READ_BATCH = 1000;
    /** How long one XREAD waits for news before it returns empty; each return shows the reader is alive. */
    static final int READ_BLOCK_MILLIS = 1000;

    private final RedisLink link;
    private final String sequenceKey;
    private final String streamKey;
    private final int replay;
    private final int publishQueueBound;


    private final Object outLock = new Object();
    private final ArrayDeque<Pending> outbox = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private RedisConnection publisher;
    private Context publisherContext;
    private String scriptSha;
    private boolean flushScheduled;

    private Runnable lossListener = () -> { };
    private boolean lostWhileAway;
    private volatile boolean loaded;
    private volatile long lastReadNanos;
    private volatile boolean started;

    private final Counter publishErrors;
    private final Counter publishDropped;
    private final DistributionSummary lag;

    /**
     * @param link     the connections to Redis
     * @param events   {@code replay}: how many events the stream and each instance's ring retain
     * @param redis    the publish queue's bound
     * @param registry where the meters go
     */
    @Inject
    public RedisEventTransport(RedisLink link, EventsConfig events, RedisConfig redis, MeterRegistry registry) {
        this(link, events.replay(), redis.publishQueue(), registry);
    }

    /**
     * @param link              the connections to Redis
     * @param replay            how many events the stream and each instance's ring retain
     * @param publishQueueBound events held while Redis is away, at most
     * @param registry          where the meters go
     */
    public RedisEventTransport(RedisLink link, int replay, int publishQueueBound, MeterRegistry registry) {
        super(replay, 0);
        this.link = link;
        this.sequenceKey = link.key("events:sequence");
        this.streamKey = link.key("events");
        this.replay = replay;
        this.publishQueueBound = publishQueueBound;
        Gauge.builder("mission_control.redis.publish.queued", this, t -> t.queued())
                .description("Events waiting to be sent to Redis").register(registry);
        this.publishErrors = Counter.builder("mission_control.redis.publish.errors")
                .description("Publishes Redis refused").register(registry);
        this.publishDropped = Counter.builder("mission_control.redis.publish.dropped")
                .description("Events dropped because Redis was away and the publish queue was full").register(registry);
        this.lag = DistributionSummary.builder("mission_control.redis.delivery.lag").baseUnit("seconds")
                .description("From the XADD to this instance's fan-out").register(registry);
    }

    /** @return the key of the event sequence, for scripts that call {@link #APPEND_FUNCTION} */
    public String sequenceKey() {
        return sequenceKey;
    }

    /** @return the key of the event stream, for scripts that call {@link #APPEND_FUNCTION} */
    public String streamKey() {
        return streamKey;
    }

    /** @return about how many events the stream keeps: the {@code maxlen} for {@link #APPEND_FUNCTION} */
    public int retained() {
        return replay;
    }

    /** Opens the connections: one to publish, one to read. Called once, when this transport is chosen. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        link.maintain("events-publish", this::publisherConnected, this::publisherLost);
        link.maintain("events-read", this::readerConnected, () -> { });
    }

    @Override
    public long publish(String type, byte[] json) {
        Pending request = new Pending(type, json, System.currentTimeMillis());
        synchronized (outLock) {
            if (outbox.size() + inFlight.size() >= publishQueueBound) {
                publishDropped.increment();
                lostWhileAway = true;
                return 0;
            }
            outbox.add(request);
            scheduleFlush();
        }
        return 0;
    }

    // Under outLock. Sending always happens on the publisher connection's context, so the order in which
    // publish() queued requests is the order they are written, whatever thread published them.
    private void scheduleFlush() {
        if (!flushScheduled && publisherContext != null) {
            flushScheduled = true;
            publisherContext.runOnContext(v -> flush());
        }
    }

    private void flush() {
        synchronized (outLock) {
            flushScheduled = false;
            RedisConnection connection = publisher;
            if (connection == null || scriptSha == null) {
                return;
            }
            Pending pending;
            while (!connection.pendingQueueFull() && (pending = outbox.poll()) != null) {
                inFlight.add(pending);
                connection.send(Request.cmd(Command.EVALSHA).arg(scriptSha).arg(2).arg(sequenceKey).arg(streamKey)
                        .arg(replay).arg(pending.type()).arg(pending.json()).arg(pending.millis())).onComplete(result -> published(connection, result.succeeded(),
                        result.cause()));
            }
        }
    }

    private void published(RedisConnection connection, boolean ok, Throwable failure) {
        synchronized (outLock) {
            if (connection != publisher) {
                return; // a lost connection's requests were put back in the outbox already
            }
            inFlight.poll();
            if (!ok) {
                publishErrors.increment();
                LOG.errorf("redis refused an event: %s", failure == null ? "?" : failure.getMessage());
            }
            if (!outbox.isEmpty()) {
                scheduleFlush();
            }
        }
    }

    private void publisherConnected(RedisConnection connection) {
        connection.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(PUBLISH_SCRIPT)).onSuccess(sha -> {
            synchronized (outLock) {
                publisher = connection;
                publisherContext = Vertx.currentContext();
                scriptSha = sha.toString();
                scheduleFlush();
                if (lostWhileAway) {
                    lostWhileAway = false;
                    publisherContext.runOnContext(v -> lossListener.run());
                }
            }
        }).onFailure(failure -> LOG.errorf("redis: the publish script could not be loaded: %s", failure.getMessage()));
    }

    private void publisherLost() {
        synchronized (outLock) {
            publisher = null;
            // Sent but not acknowledged: Redis may or may not have them. They go out again, first and in order;
            // an event that had reached Redis is then published twice, with two ids, rather than never.
            while (!inFlight.isEmpty()) {
                outbox.addFirst(inFlight.pollLast());
            }
        }
    }

    private int queued() {
        synchronized (outLock) {
            return outbox.size() + inFlight.size();
        }
    }

    private void readerConnected(RedisConnection connection) {
        if (!loaded) {
            connection.send(Request.cmd(Command.XREVRANGE).arg(streamKey).arg("+").arg("-").arg("COUNT").arg(replay))
                    .onSuccess(newest -> {
                        synchronized (lock) {
                            for (int i = newest.size() - 1; i >= 0; i--) {
                                ring.append(entry(newest.get(i)).event());
                            }
                        }
                        loaded = true;
                        read(connection);
                    });
            return;
        }
        read(connection);
    }

    private void read(RedisConnection connection) {
        long after;
        synchronized (lock) {
            after = ring.lastId();
        }
        connection.send(Request.cmd(Command.XREAD).arg("COUNT").arg(READ_BATCH).arg("BLOCK").arg(READ_BLOCK_MILLIS)
                .arg("STREAMS").arg(streamKey).arg(after + "-0")).onSuccess(reply -> {
                    lastReadNanos = System.nanoTime();
                    if (reply != null) {
                        deliver(reply.get(0).get(1));
                    }
                    read(connection);
                });
    }

    private void deliver(Response entries) {
        long now = System.currentTimeMillis();
        synchronized (lock) {
            for (int i = 0; i < entries.size(); i++) {
                StreamEntry entry = entry(entries.get(i));
                if (!retainAndDeliver(entry.event())) {
                    LOG.warnf("events before id %d are not in Redis any more; resuming clients get reset",
                            entry.event().id());
                }
                lag.record(Math.max(0, now - entry.publishedMillis()) / 1000.0);
            }
        }
    }

    /** An event as read from the stream, with when it was published (the {@code ms} field). */
    private record StreamEntry(Event event, long publishedMillis) {
    }

    private static StreamEntry entry(Response entry) {
        String id = entry.get(0).toString();
        long number = Long.parseLong(id.substring(0, id.indexOf('-')));
        Response fields = entry.get(1);
        String type = null;
        byte[] json = null;
        long millis = 0;
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            String name = fields.get(f).toString();
            if ("t".equals(name)) {
                type = fields.get(f + 1).toString();
            } else if ("d".equals(name)) {
                json = fields.get(f + 1).toBuffer().getBytes();
            } else if ("ms".equals(name)) {
                millis = fields.get(f + 1).toLong();
            }
        }
        return new StreamEntry(new Event(number, type, json), millis);
    }

    /**
     * @return true while events flow: both connections are open and the reader's last XREAD returned within three of
     *         its blocking periods (a wedged reader, connected but hearing nothing, fails this)
     */
    @Override
    public boolean isDelivering() {
        return loaded && link.allConnected()
                && System.nanoTime() - lastReadNanos < 3L * READ_BLOCK_MILLIS * 1_000_000L;
    }

    @Override
    public void onLoss(Runnable listener) {
        synchronized (outLock) {
            this.lossListener = listener;
        }
    }

    /** An event on its way to Redis; its id is given there. */
    private record Pending(String type, byte[] json, long millis) {
    }
}
