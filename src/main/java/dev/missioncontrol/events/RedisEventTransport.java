package dev.missioncontrol.events;

import dev.missioncontrol.redis.Backoff;
import dev.missioncontrol.redis.EventStreamKeys;
import dev.missioncontrol.redis.ProbeWatch;
import dev.missioncontrol.redis.RedisConfig;
import dev.missioncontrol.redis.RedisLink;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The event stream shared by every instance on one Redis ({@code mission-control.transport=redis}).
 *
 * <p>Publishing ({@link RedisEventPublisher}) numbers and appends in one atomic step, {@code redis/event-publish.lua},
 * which INCRs the sequence key and XADDs the event to the stream with that number as its id ({@code <n>-0}), trimming
 * it to about {@code replay} entries ({@code MAXLEN ~}). Ids are therefore consecutive across all instances.
 *
 * <p>Each instance reads the stream on a connection of its own ({@code XREAD BLOCK}) and hands every entry, in id
 * order, to its local fan-out, keeping the newest {@code replay} in a ring of its own. A resuming subscriber is
 * served from that ring, so a replay and the live events after it meet with no gap and no duplicate, exactly as with
 * the local transport; at start-up the ring is filled from the stream ({@code XREVRANGE}). A failed read or fill
 * (a command error with the connection still open) is tried again with backoff. An entry whose id does not follow
 * the previous one (the reader fell behind the trimming, or Redis lost data) starts a new run, so a client resuming
 * from before it gets {@code reset}.
 *
 * <p>Meter: {@code mission_control_redis_delivery_lag_seconds} (from the XADD to this instance's fan-out; across
 * machines it includes their clock difference). Redis commands: XREAD, XREVRANGE, EVALSHA (redis.io/commands).
 */
@Singleton
@Typed(RedisEventTransport.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class RedisEventTransport extends RetainingTransport {

    private static final Logger LOG = Logger.getLogger(RedisEventTransport.class);

    /** Entries one XREAD may return. */
    static final int READ_BATCH = 1000;
    /** How long one XREAD waits for news before it returns empty; each return shows the reader is alive. */
    static final int READ_BLOCK_MILLIS = 1000;

    private final RedisLink link;
    private final EventStreamKeys keys;
    private final RedisEventPublisher publisher;
    private final DistributionSummary lag;
    private final Backoff backoff = new Backoff();
    private final RedisDeliveryProbe probe;
    private volatile RedisConnection reader;
    private volatile boolean loaded;
    private volatile long lastReadNanos;
    private volatile boolean started;

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
        this.keys = EventStreamKeys.of(link, replay);
        this.probe = new RedisDeliveryProbe(link.key("events:probe"));
        this.publisher = new RedisEventPublisher(link, keys, publishQueueBound, this::lastId, registry);
        this.lag = DistributionSummary.builder("mission_control.redis.delivery.lag")
                .baseUnit("seconds")
                .description("From the XADD to this instance's fan-out")
                .register(registry);
    }

    /** Opens the connections: one to publish, one to read. Called once, when this transport is chosen. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        publisher.start();
        link.maintain("events-read", this::readerConnected, () -> reader = null);
        probeAgain();
    }

    @Override
    public long publish(String type, byte[] json) {
        publisher.publish(type, json);
        return 0;
    }

    private void readerConnected(RedisConnection connection) {
        reader = connection;
        if (loaded) {
            read(connection);
        } else {
            fill(connection);
        }
    }

    private void fill(RedisConnection connection) {
        connection
                .send(Request.cmd(Command.XREVRANGE)
                        .arg(keys.stream())
                        .arg("+")
                        .arg("-")
                        .arg("COUNT")
                        .arg(keys.maxlen()))
                .onSuccess(newest -> {
                    synchronized (lock) {
                        for (int i = newest.size() - 1; i >= 0; i--) {
                            ring.append(RedisStreamEntry.of(newest.get(i)).event());
                        }
                    }
                    loaded = true;
                    backoff.succeeded();
                    read(connection);
                })
                .onFailure(failure -> retry(connection, "reading the newest events", failure));
    }

    private void read(RedisConnection connection) {
        if (reader != connection) {
            return;
        }
        long after;
        synchronized (lock) {
            after = ring.lastId();
        }
        connection
                .send(Request.cmd(Command.XREAD)
                        .arg("COUNT")
                        .arg(READ_BATCH)
                        .arg("BLOCK")
                        .arg(READ_BLOCK_MILLIS)
                        .arg("STREAMS")
                        .arg(keys.stream())
                        .arg(probe.stream())
                        .arg(after + "-0")
                        .arg(probe.lastEntry()))
                .onSuccess(reply -> {
                    lastReadNanos = System.nanoTime();
                    backoff.succeeded();
                    if (reply != null) {
                        for (int i = 0; i < reply.size(); i++) {
                            Response stream = reply.get(i);
                            if (probe.stream().equals(stream.get(0).toString())) {
                                probe.read(stream.get(1));
                            } else {
                                deliver(stream.get(1));
                            }
                        }
                    }
                    read(connection);
                })
                .onFailure(failure -> retry(connection, "reading events", failure));
    }

    // A lost connection is opened again by the link, which calls readerConnected; any other failure (a command
    // error on an open connection) is tried again here, or the loop would stop until the connection dropped.
    private void retry(RedisConnection connection, String what, Throwable failure) {
        if (reader != connection) {
            return;
        }
        long wait = backoff.failed();
        if (String.valueOf(failure.getMessage()).startsWith("CONNECTION_CLOSED")) {
            LOG.debugf("redis: %s failed (%s); trying again in %d ms", what, failure.getMessage(), wait);
        } else {
            LOG.warnf("redis: %s failed (%s); trying again in %d ms", what, failure.getMessage(), wait);
        }
        link.later(wait, () -> {
            if (reader == connection) {
                readerConnected(connection);
            }
        });
    }

    private void probeAgain() {
        probe.send(publisher);
        link.later(ProbeWatch.EVERY_MILLIS, this::probeAgain);
    }

    private void deliver(Response entries) {
        long now = System.currentTimeMillis();
        synchronized (lock) {
            for (int i = 0; i < entries.size(); i++) {
                RedisStreamEntry entry = RedisStreamEntry.of(entries.get(i));
                if (!retainAndDeliver(entry.event())) {
                    LOG.warnf(
                            "events before id %d are not in Redis any more; resuming clients get reset",
                            entry.event().id());
                }
                lag.record(Math.max(0, now - entry.publishedMillis()) / 1000.0);
            }
        }
    }

    /**
     * @return why events do not flow, or empty while they do: both connections are open, the script is loaded, the
     *     reader's last XREAD returned within three of its blocking periods (a wedged reader, connected but hearing
     *     nothing, fails this) and a probe this instance published came back to its reader within
     *     {@value ProbeWatch#BOUND_MILLIS} ms ({@link RedisDeliveryProbe})
     */
    @Override
    public Optional<String> deliveryProblem() {
        long now = System.nanoTime();
        if (!link.allConnected()) {
            return Optional.of("a connection to Redis is not open");
        }
        if (!loaded) {
            return Optional.of("the newest events are not read from Redis yet");
        }
        if (!publisher.isReady()) {
            return Optional.of("the publish script is not loaded into Redis");
        }
        if (now - lastReadNanos >= 3L * READ_BLOCK_MILLIS * 1_000_000L) {
            return Optional.of(
                    "the event reader has not heard from Redis for " + (now - lastReadNanos) / 1_000_000L + " ms");
        }
        return probe.problem();
    }

    @Override
    public void onLoss(Runnable listener) {
        publisher.onLoss(listener);
    }
}
