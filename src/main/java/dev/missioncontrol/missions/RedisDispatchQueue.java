package dev.missioncontrol.missions;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Durable dispatch on Redis ({@code transport=redis}): one queue for every instance, so that a {@code 202} survives the
 * crash of the instance that gave it.
 *
 * <p>Accepting is one atomic script, run before the {@code 202} is sent: it answers from the {@code Idempotency-Key}
 * if the key is known (a hash kept {@code idempotency-ttl}), refuses past {@code max-pending} dispatches in the whole
 * deployment, XADDs the dispatch to the stream {@code <prefix>:dispatch:queue}, writes its status hash and publishes
 * {@code dispatch.accepted}. Every instance reads the stream in one consumer group ({@code XREADGROUP}); the reader
 * holds a dispatch until {@code scramble-time} after its acceptance, then records it. Recording is one atomic script
 * per batch: for each dispatch, XACK, and only if that acknowledged it (it was still pending) XDEL, RPUSH to the
 * mission log, mark its status and publish {@code dispatch.recorded}; then LTRIM the log. A dispatch is therefore
 * recorded exactly once, however many instances try: there is no moment between record and acknowledge for a crash
 * to fall into. An instance that dies leaves its dispatches pending in the group; {@link #takeOver} (a
 * {@code @Scheduled} job, {@link DispatchTakeover}) claims those idle for {@code claim-after} plus
 * {@code scramble-time} ({@code XAUTOCLAIM}) and records them.
 *
 * <p>Redis commands (redis.io/commands): XADD, XLEN, XGROUP CREATE, XREADGROUP, XAUTOCLAIM, XACK, XDEL, HSET, HMGET,
 * PEXPIRE, RPUSH, LTRIM, EVALSHA.
 */
@Singleton
// Looked up only through the transport chosen at start-up, so the container must keep it.
@Unremovable
class RedisDispatchQueue implements DispatchQueue {

    private static final Logger LOG = Logger.getLogger(RedisDispatchQueue.class);

    /** The consumer group every instance reads the dispatch stream in. */
    static final String GROUP = "recorders";

    /**
     * KEYS: queue, idempotency key (the queue's when the request has none), status, event sequence, event stream.
     * ARGV: hero, dispatch id, accepted ms, max pending, idempotency ttl ms ('' without a key), events maxlen,
     * event type, event data, traceparent ('' without one). Returns {'accepted', entry id}, {'repeat', dispatch id, accepted ms}, {'other'} or
     * {'full'}.
     */
    static final RedisScript ACCEPT = new RedisScript(RedisEventTransport.APPEND_FUNCTION + """
            if ARGV[5] ~= '' then
              local first = redis.call('HMGET', KEYS[2], 'hero', 'id', 'ms')
              if first[1] then
                if first[1] == ARGV[1] then
                  return {'repeat', first[2], first[3]}
                end
                return {'other'}
              end
            end
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[4]) then
              return {'full'}
            end
            local entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[2], 'hero', ARGV[1], 'ms', ARGV[3], 'tp', ARGV[9])
            redis.call('HSET', KEYS[3], 'hero', ARGV[1], 'accepted', ARGV[3])
            if ARGV[5] ~= '' then
              redis.call('HSET', KEYS[2], 'hero', ARGV[1], 'id', ARGV[2], 'ms', ARGV[3])
              redis.call('PEXPIRE', KEYS[2], ARGV[5])
            end
            append_event(KEYS[4], KEYS[5], ARGV[6], ARGV[7], ARGV[8], ARGV[3])
            return {'accepted', entry}
            """);

    /**
     * KEYS: queue, log, event sequence, event stream. ARGV: group, log retain, events maxlen, now ms, status ttl ms,
     * status key prefix, event type, then four per dispatch: entry id, dispatch id, hero, event data. Returns one
     * number per dispatch: 1 recorded now, 0 recorded before (by this or another instance).
     */
    static final RedisScript RECORD = new RedisScript(RedisEventTransport.APPEND_FUNCTION + """
            local done = {}
            local any = false
            for i = 8, #ARGV, 4 do
              if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                redis.call('XDEL', KEYS[1], ARGV[i])
                redis.call('RPUSH', KEYS[2], ARGV[i + 2] .. '\\31' .. ARGV[4])
                local status = ARGV[6] .. ARGV[i + 1]
                redis.call('HSET', status, 'recorded', ARGV[4])
                redis.call('PEXPIRE', status, ARGV[5])
                append_event(KEYS[3], KEYS[4], ARGV[3], ARGV[7], ARGV[i + 3], ARGV[4])
                done[#done + 1] = 1
                any = true
              else
                done[#done + 1] = 0
              end
            end
            if any then
              redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
            end
            return done
            """);

    /** Entries one XREADGROUP or XAUTOCLAIM returns at most. */
    static final int READ_BATCH = 500;
    /** How long one XREADGROUP waits for news. */
    static final int READ_BLOCK_MILLIS = 1000;
    /** How long a record may wait for Redis before it counts as failed (and is tried again). */
    static final long WRITE_TIMEOUT_MILLIS = 5000;

    private final RedisLink link;
    private final RedisEventTransport events;
    private final EventBroker broker;
    private final Vertx vertx;
    private final DispatchMetrics metrics;
    private final String queueKey;
    private final String logKey;
    private final String statusPrefix;
    private final String keyPrefix;
    private final String consumer = "instance-" + UUID.randomUUID();
    private final int maxPending;
    private final long idempotencyTtlMillis;
    private final long statusTtlMillis;
    private final long claimIdleMillis;
    private final int retain;
    // Entry ids this instance holds until recorded: a dispatch read again (claimed back after a long hold) is not
    // held twice.
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Dispatch> holder = dispatch -> { };
    private volatile RedisConnection reader;
    // Accepts and records go out on a connection of their own, pipelined: through the client's pool (six connections,
    // 24 waiting) a few thousand dispatches a second found the pool busy and were refused.
    private volatile RedisConnection writer;
    private volatile boolean taking = true;
    private volatile long clusterPending;

    RedisDispatchQueue(RedisLink link, RedisEventTransport events, EventBroker broker, Vertx vertx,
            DispatchConfig config, LogConfig log, DispatchMetrics metrics) {
        this.link = link;
        this.events = events;
        this.broker = broker;
        this.vertx = vertx;
        this.metrics = metrics;
        this.queueKey = link.key("dispatch:queue");
        this.logKey = link.key(RedisLogStore.KEY);
        this.statusPrefix = link.key("dispatch:");
        this.keyPrefix = link.key("idempotency:");
        this.maxPending = config.maxPending();
        this.idempotencyTtlMillis = config.idempotencyTtl().toMillis();
        this.statusTtlMillis = config.statusTtl().toMillis();
        this.claimIdleMillis = config.claimAfter().toMillis() + config.scrambleTime().toMillis();
        this.retain = log.retain();
    }

    @Override
    public void start(Consumer<Dispatch> holder) {
        this.holder = holder;
        link.maintain("dispatch-write", connection -> writer = connection, () -> writer = null);
        link.maintain("dispatch-read", this::readerConnected, () -> reader = null);
    }

    private void readerConnected(RedisConnection connection) {
        reader = connection;
        // The group is made once, by whichever instance comes first, from the start of the stream (0): dispatches
        // accepted before any instance read them are recorded too.
        connection.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(queueKey).arg(GROUP).arg("0").arg("MKSTREAM"))
                .onComplete(created -> {
                    if (created.failed() && !String.valueOf(created.cause().getMessage()).startsWith("BUSYGROUP")) {
                        LOG.warnf("redis: the dispatch group could not be made: %s", created.cause().getMessage());
                    }
                    read(connection);
                });
    }

    private void read(RedisConnection connection) {
        if (!taking || reader != connection) {
            return;
        }
        connection.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT")
                .arg(READ_BATCH).arg("BLOCK").arg(READ_BLOCK_MILLIS).arg("STREAMS").arg(queueKey).arg(">"))
                .onSuccess(reply -> {
                    if (reply != null) {
                        hold(reply.get(0).get(1));
                    }
                    read(connection);
                })
                // A lost connection is reconnected by the link; any other failure (the group was lost with Redis's
                // data: NOGROUP) makes the group again shortly.
                .onFailure(failure -> vertx.setTimer(READ_BLOCK_MILLIS, t -> {
                    if (reader == connection) {
                        LOG.warnf("redis: reading dispatches failed (%s); trying again", failure.getMessage());
                        readerConnected(connection);
                    }
                }));
    }

    /** Sends on the write connection; fails at once while it is not open. */
    private Future<Response> write(Request request) {
        RedisConnection connection = writer;
        return connection == null ? Future.failedFuture("redis: the dispatch connection is not open")
                : connection.send(request);
    }

    /** Hands each entry not held yet to the holder; returns how many were new. */
    private int hold(Response entries) {
        int fresh = 0;
        for (int i = 0; i < entries.size(); i++) {
            Response entry = entries.get(i);
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue; // deleted meanwhile (Redis 6.2 lists such entries as nil)
            }
            String entryId = entry.get(0).toString();
            String id = null;
            String hero = null;
            String traceparent = null;
            long accepted = 0;
            Response fields = entry.get(1);
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                switch (fields.get(f).toString()) {
                    case "id" -> id = fields.get(f + 1).toString();
                    case "hero" -> hero = fields.get(f + 1).toString();
                    case "ms" -> accepted = fields.get(f + 1).toLong();
                    case "tp" -> traceparent = fields.get(f + 1).toString();
                    default -> {
                    }
                }
            }
            if (id != null && hero != null && held.add(entryId)) {
                fresh++;
                holder.accept(new Dispatch(id, hero, accepted, entryId,
                        traceparent == null || traceparent.isEmpty() ? null : traceparent));
            }
        }
        return fresh;
    }

    /**
     * Claims the dispatches that have been pending longer than {@code claim-after} plus {@code scramble-time} (their
     * instance died, or lost Redis for that long) and holds them to be recorded here; also reads how many are
     * pending in the whole deployment, for the gauge. Returns at once; the work goes on on Vert.x.
     */
    void takeOver() {
        if (!taking || !link.allConnected()) {
            return;
        }
        link.send(Request.cmd(Command.XLEN).arg(queueKey)).onSuccess(length -> clusterPending = length.toLong());
        claim("0-0", 0);
    }

    private void claim(String start, int round) {
        link.send(Request.cmd(Command.XAUTOCLAIM).arg(queueKey).arg(GROUP).arg(consumer).arg(claimIdleMillis)
                .arg(start).arg("COUNT").arg(READ_BATCH)).onSuccess(reply -> {
                    int taken = hold(reply.get(1));
                    if (taken > 0) {
                        metrics.takenOver(taken);
                        LOG.infof("took over %d dispatches pending for over %d ms", taken, claimIdleMillis);
                    }
                    String next = reply.get(0).toString();
                    // Bounded, so one run cannot go on for ever against a stream that keeps growing.
                    if (!"0-0".equals(next) && taking && round < 100) {
                        claim(next, round + 1);
                    }
                }).onFailure(failure -> LOG.debugf("redis: claiming dispatches failed: %s", failure.getMessage()));
    }

    @Override
    public CompletionStage<Acceptance> accept(String hero, String idempotencyKey, String traceparent) {
        if (!taking) {
            return Future.<Acceptance>failedFuture(DispatchRefused.shuttingDown()).toCompletionStage();
        }
        if (!link.allConnected()) {
            return Future.<Acceptance>failedFuture(DispatchRefused.unavailable()).toCompletionStage();
        }
        Dispatch dispatch = Dispatch.accept(hero, traceparent);
        byte[] event = broker.encode(EventPayload.DispatchAccepted.of(hero, dispatch.id()));
        return ACCEPT.run(this::write, 5, request -> request.arg(queueKey)
                .arg(idempotencyKey == null ? queueKey : keyPrefix + idempotencyKey)
                .arg(statusPrefix + dispatch.id()).arg(events.sequenceKey()).arg(events.streamKey())
                .arg(hero).arg(dispatch.id()).arg(dispatch.acceptedMillis()).arg(maxPending)
                .arg(idempotencyKey == null ? "" : Long.toString(idempotencyTtlMillis)).arg(events.retained())
                .arg(EventPayload.DispatchAccepted.TYPE).arg(event).arg(traceparent == null ? "" : traceparent))
                .recover(failure -> {
                    LOG.debugf("redis refused a dispatch: %s", failure.getMessage());
                    return Future.failedFuture(DispatchRefused.unavailable());
                })
                .compose(reply -> switch (reply.get(0).toString()) {
                    case "accepted" -> Future.succeededFuture(new Acceptance(Acceptance.Outcome.ACCEPTED, dispatch));
                    case "repeat" -> {
                        metrics.repeatSuppressed();
                        yield Future.succeededFuture(new Acceptance(Acceptance.Outcome.REPEAT,
                                Dispatch.earlier(reply.get(1).toString(), hero)));
                    }
                    case "other" -> Future.succeededFuture(Acceptance.of(Acceptance.Outcome.OTHER_HERO));
                    default -> Future.failedFuture(DispatchRefused.full(maxPending));
                }).toCompletionStage();
    }

    @Override
    public boolean holdsWhatItAccepts() {
        return false;
    }

    @Override
    public List<Dispatch> record(List<Dispatch> batch) {
        long now = System.currentTimeMillis();
        Response reply;
        try {
            reply = RECORD.run(this::write, 4, request -> {
                request.arg(queueKey).arg(logKey).arg(events.sequenceKey()).arg(events.streamKey())
                        .arg(GROUP).arg(retain).arg(events.retained()).arg(now).arg(statusTtlMillis).arg(statusPrefix)
                        .arg(EventPayload.DispatchRecorded.TYPE);
                for (Dispatch dispatch : batch) {
                    request.arg(dispatch.entry()).arg(dispatch.id()).arg(dispatch.hero()).arg(broker.encode(
                            EventPayload.DispatchRecorded.of(dispatch.hero(), dispatch.id(), now - dispatch.acceptedMillis())));
                }
            }).toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
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
        for (Dispatch dispatch : batch) {
            held.remove(dispatch.entry());
        }
    }

    @Override
    public void stopTaking() {
        taking = false;
    }

    @Override
    public int pendingHere() {
        return held.size();
    }

    @Override
    public long pending() {
        return clusterPending;
    }

    @Override
    public CompletionStage<Optional<DispatchStatus>> status(String id) {
        return link.send(Request.cmd(Command.HMGET).arg(statusPrefix + id).arg("hero").arg("accepted").arg("recorded"))
                .map(reply -> reply.get(0) == null ? Optional.<DispatchStatus>empty()
                        : Optional.of(DispatchStatus.of(id, reply.get(0).toString(), reply.get(1).toLong(),
                                reply.get(2) == null ? 0 : reply.get(2).toLong())))
                .toCompletionStage();
    }
}
