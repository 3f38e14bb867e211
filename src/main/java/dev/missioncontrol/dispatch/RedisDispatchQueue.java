package dev.missioncontrol.dispatch;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventsConfig;
import dev.missioncontrol.log.LogConfig;
import dev.missioncontrol.redis.RedisConfig;
import dev.missioncontrol.redis.RedisLink;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Durable dispatch on Redis ({@code transport=redis}): one queue for every instance, so that a {@code 202} survives the
 * crash of the instance that gave it.
 *
 * <p>Accepting is one atomic script, {@code redis/dispatch-accept.lua}, run before the {@code 202} is sent: it answers
 * from the {@code Idempotency-Key} if the key is known (a hash kept {@code idempotency-ttl}), refuses past
 * {@code max-pending} dispatches in the whole deployment, XADDs the dispatch to the stream
 * {@code <prefix>:dispatch:queue}, writes its status hash and publishes {@code dispatch.accepted}. Every instance reads
 * the stream in one consumer group ({@link RedisDispatchReader}) and holds a dispatch until {@code scramble-time} after
 * its acceptance. Recording is one atomic script per batch, {@code redis/dispatch-record.lua}: for each dispatch,
 * XACK, and only if that acknowledged it (it was still pending) XDEL, append to the mission log, mark its status and
 * publish {@code dispatch.recorded}. A dispatch is therefore recorded exactly once, however many instances try: there
 * is no moment between record and acknowledge for a crash to fall into. An instance that dies leaves its dispatches
 * pending in the group; {@link #takeOver} claims those idle for {@code claim-after} plus {@code scramble-time} and
 * records them.
 *
 * <p>Redis commands (redis.io/commands): EVALSHA, HMGET, and those of the scripts and the reader.
 */
@Singleton
@Typed(RedisDispatchQueue.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class RedisDispatchQueue implements DispatchQueue {

    private static final Logger LOG = Logger.getLogger(RedisDispatchQueue.class);

    /** How long a record may wait for Redis before it counts as failed (and is tried again). */
    static final long WRITE_TIMEOUT_MILLIS = 5000;

    private final RedisLink link;
    private final RedisDispatchScripts scripts;
    private final RedisDispatchReader reader;
    private final DispatchMetrics metrics;
    // Accepts and records go out on a connection of their own, pipelined: through the client's pool a few thousand
    // dispatches a second found the pool busy and were refused. The connection comes with what confirms its writes
    // to wait-replicas replicas; null while it is not open.
    private volatile RedisReplicaWait writer;
    private final int waitReplicas;
    private final long waitTimeoutMillis;
    private volatile boolean taking = true;

    /**
     * @param link    the connections to Redis
     * @param broker  encodes the dispatch events
     * @param events  {@code replay}: the event stream's length
     * @param config  {@code max-pending}, the TTLs, {@code claim-after} and {@code scramble-time}
     * @param log     {@code retain}: the mission log's length
     * @param metrics the dispatch meters
     * @param redis   {@code wait-replicas} and {@code wait-timeout}
     */
    @Inject
    public RedisDispatchQueue(
            RedisLink link,
            EventBroker broker,
            EventsConfig events,
            DispatchConfig config,
            LogConfig log,
            DispatchMetrics metrics,
            RedisConfig redis) {
        this(
                link,
                broker,
                events.replay(),
                config,
                log,
                metrics,
                redis.waitReplicas(),
                redis.waitTimeout().toMillis());
    }

    /**
     * @param link        the connections to Redis
     * @param broker      encodes the dispatch events
     * @param eventReplay the event stream's length
     * @param config      {@code max-pending}, the TTLs, {@code claim-after} and {@code scramble-time}
     * @param log         {@code retain}: the mission log's length
     * @param metrics     the dispatch meters
     * @param waitReplicas      replicas that must hold an accepted dispatch before its {@code 202}; 0: none asked
     * @param waitTimeoutMillis how long one {@code WAIT} for them may take, in milliseconds
     */
    public RedisDispatchQueue(
            RedisLink link,
            EventBroker broker,
            int eventReplay,
            DispatchConfig config,
            LogConfig log,
            DispatchMetrics metrics,
            int waitReplicas,
            long waitTimeoutMillis) {
        this.link = link;
        this.waitReplicas = waitReplicas;
        this.waitTimeoutMillis = waitTimeoutMillis;
        this.scripts = new RedisDispatchScripts(link, broker, eventReplay, config, log.retain());
        this.reader = new RedisDispatchReader(
                link,
                scripts.queueKey(),
                config.claimAfter().toMillis() + config.scrambleTime().toMillis(),
                metrics);
        this.metrics = metrics;
    }

    @Override
    public void start(Consumer<Dispatch> holder) {
        link.maintain(
                "dispatch-write",
                connection -> writer = new RedisReplicaWait(connection, waitReplicas, waitTimeoutMillis),
                () -> writer = null);
        reader.start(holder);
    }

    @Override
    public void launched(Dispatch dispatch) {
        // The instance that reads it from the queue holds it, this one or another.
    }

    @Override
    public void takeOver() {
        reader.takeOver();
    }

    /** Sends on the write connection; fails at once while it is not open. */
    private Future<Response> write(Request request) {
        RedisReplicaWait connection = writer;
        return connection == null
                ? Future.failedFuture("redis: the dispatch connection is not open")
                : connection.connection().send(request);
    }

    @Override
    public CompletionStage<Acceptance> accept(String hero, String idempotencyKey, String traceparent) {
        if (!taking) {
            return Future.<Acceptance>failedFuture(DispatchRefused.shuttingDown())
                    .toCompletionStage();
        }
        if (!link.allConnected()) {
            return Future.<Acceptance>failedFuture(DispatchRefused.unavailable())
                    .toCompletionStage();
        }
        Dispatch dispatch = Dispatch.accept(hero, traceparent);
        RedisReplicaWait confirmation = writer;
        if (confirmation == null) {
            return Future.<Acceptance>failedFuture(DispatchRefused.unavailable())
                    .toCompletionStage();
        }
        return scripts.accept(confirmation.connection()::send, dispatch, idempotencyKey, traceparent)
                .recover(failure -> {
                    LOG.debugf("redis refused a dispatch: %s", failure.getMessage());
                    return Future.failedFuture(DispatchRefused.unavailable());
                })
                .compose(reply -> scripts.acceptance(reply, dispatch, metrics::repeatSuppressed))
                .compose(confirmation::confirmed)
                .toCompletionStage();
    }

    @Override
    public List<Dispatch> record(List<Dispatch> batch) {
        long now = System.currentTimeMillis();
        Response reply;
        try {
            reply = scripts.record(this::write, batch, now)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailable("interrupted while recording dispatches", e);
        } catch (Exception e) {
            throw new LogUnavailable("the mission log in Redis could not be written: " + e.getMessage(), e);
        }
        List<Dispatch> recorded = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (reply.get(i).toInteger() == 1) {
                recorded.add(batch.get(i));
            } else {
                metrics.duplicateSuppressed();
            }
        }
        return recorded;
    }

    @Override
    public void release(List<Dispatch> batch) {
        batch.forEach(reader::release);
    }

    @Override
    public void stopTaking() {
        taking = false;
        reader.stop();
    }

    @Override
    public int pendingHere() {
        return reader.heldHere();
    }

    @Override
    public long pending() {
        return reader.pendingInDeployment();
    }

    @Override
    public CompletionStage<Optional<DispatchStatus>> status(String id) {
        return link.send(Request.cmd(Command.HMGET)
                        .arg(scripts.statusKey(id))
                        .arg("hero")
                        .arg("accepted")
                        .arg("recorded"))
                .map(reply -> reply.get(0) == null
                        ? Optional.<DispatchStatus>empty()
                        : Optional.of(DispatchStatus.of(
                                id,
                                reply.get(0).toString(),
                                reply.get(1).toLong(),
                                reply.get(2) == null ? 0 : reply.get(2).toLong())))
                .toCompletionStage();
    }
}
