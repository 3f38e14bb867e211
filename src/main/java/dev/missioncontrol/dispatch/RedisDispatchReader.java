package dev.missioncontrol.dispatch;

import dev.missioncontrol.redis.Backoff;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The reading half of {@link RedisDispatchQueue}: reads the dispatch stream in the consumer group {@value #GROUP}
 * ({@code XREADGROUP}, on a connection of its own) and claims what dead instances left pending ({@code XAUTOCLAIM}),
 * handing each dispatch to the holder once while this instance holds it. A failed read (the group was lost with
 * Redis's data: {@code NOGROUP}, or any other command error) makes the group again and reads on, with backoff.
 * Consumers of instances that are gone, their dispatches taken over, are removed from the group
 * ({@code redis/dispatch-forget-consumers.lua}). Redis commands: XGROUP CREATE, XREADGROUP, XAUTOCLAIM, XLEN, XINFO
 * CONSUMERS, XGROUP DELCONSUMER (redis.io/commands).
 */
final class RedisDispatchReader {

    private static final Logger LOG = Logger.getLogger(RedisDispatchReader.class);

    /** The consumer group every instance reads the dispatch stream in. */
    static final String GROUP = "recorders";
    /** Entries one XREADGROUP or XAUTOCLAIM returns at most. */
    static final int READ_BATCH = 500;
    /**
     * How long past {@code claim-after} plus {@code scramble-time} a consumer must have been silent to count as
     * gone, in milliseconds: a live one reads every {@value #READ_BLOCK_MILLIS} ms.
     */
    static final long GONE_AFTER_MILLIS = 5000;

    private static final RedisScript FORGET = RedisScript.load("dispatch-forget-consumers.lua");

    /** How long one XREADGROUP waits for news, in milliseconds. */
    static final int READ_BLOCK_MILLIS = 1000;

    private final RedisLink link;
    private final String queueKey;
    private final long claimIdleMillis;
    private final DispatchMetrics metrics;
    private final String consumer = "instance-" + UUID.randomUUID();
    private final Backoff backoff = new Backoff();
    // Entry ids this instance holds until recorded: a dispatch read again (claimed back after a long hold) is not
    // held twice.
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Dispatch> holder = dispatch -> {};
    private volatile RedisConnection reader;
    private volatile boolean taking = true;
    private volatile long clusterPending;

    RedisDispatchReader(RedisLink link, String queueKey, long claimIdleMillis, DispatchMetrics metrics) {
        this.link = link;
        this.queueKey = queueKey;
        this.claimIdleMillis = claimIdleMillis;
        this.metrics = metrics;
    }

    void start(Consumer<Dispatch> holder) {
        this.holder = holder;
        link.maintain("dispatch-read", this::connected, () -> reader = null);
    }

    void stop() {
        taking = false;
    }

    void release(Dispatch dispatch) {
        held.remove(dispatch.entry());
    }

    int heldHere() {
        return held.size();
    }

    long pendingInDeployment() {
        return clusterPending;
    }

    private void connected(RedisConnection connection) {
        reader = connection;
        // The group is made once, by whichever instance comes first, from the start of the stream (0): dispatches
        // accepted before any instance read them are recorded too.
        connection
                .send(Request.cmd(Command.XGROUP)
                        .arg("CREATE")
                        .arg(queueKey)
                        .arg(GROUP)
                        .arg("0")
                        .arg("MKSTREAM"))
                .onComplete(created -> {
                    if (created.failed()
                            && !String.valueOf(created.cause().getMessage()).startsWith("BUSYGROUP")) {
                        LOG.warnf(
                                "redis: the dispatch group could not be made: %s",
                                created.cause().getMessage());
                    }
                    read(connection);
                });
    }

    private void read(RedisConnection connection) {
        if (!taking || reader != connection) {
            return;
        }
        connection
                .send(Request.cmd(Command.XREADGROUP)
                        .arg("GROUP")
                        .arg(GROUP)
                        .arg(consumer)
                        .arg("COUNT")
                        .arg(READ_BATCH)
                        .arg("BLOCK")
                        .arg(READ_BLOCK_MILLIS)
                        .arg("STREAMS")
                        .arg(queueKey)
                        .arg(">"))
                .onSuccess(reply -> {
                    backoff.succeeded();
                    if (reply != null) {
                        hold(reply.get(0).get(1));
                    }
                    read(connection);
                })
                // A lost connection is reconnected by the link; any other failure makes the group again shortly.
                .onFailure(failure -> {
                    long wait = backoff.failed();
                    link.later(wait, () -> {
                        if (reader == connection) {
                            LOG.warnf("redis: reading dispatches failed (%s); trying again", failure.getMessage());
                            connected(connection);
                        }
                    });
                });
    }

    /** Hands each entry not held yet to the holder; returns how many were new. */
    private int hold(Response entries) {
        int fresh = 0;
        for (int i = 0; i < entries.size(); i++) {
            Response entry = entries.get(i);
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue; // deleted meanwhile (Redis 6.2 lists such entries as nil)
            }
            Dispatch dispatch = dispatchOf(entry.get(0).toString(), entry.get(1));
            if (dispatch != null && held.add(dispatch.entry())) {
                fresh++;
                holder.accept(dispatch);
            }
        }
        return fresh;
    }

    private static Dispatch dispatchOf(String entryId, Response fields) {
        String id = null;
        String hero = null;
        String traceparent = null;
        long accepted = 0;
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            switch (fields.get(f).toString()) {
                case "id" -> id = fields.get(f + 1).toString();
                case "hero" -> hero = fields.get(f + 1).toString();
                case "ms" -> accepted = fields.get(f + 1).toLong();
                case "tp" -> traceparent = fields.get(f + 1).toString();
                default -> {}
            }
        }
        return id == null || hero == null
                ? null
                : new Dispatch(
                        id, hero, accepted, entryId, traceparent == null || traceparent.isEmpty() ? null : traceparent);
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
        forgetGone();
    }

    // Consumers of dead instances would otherwise stay in the group for ever, one per instance that ever ran.
    private void forgetGone() {
        FORGET.run(
                        link::send,
                        1,
                        request -> request.arg(queueKey)
                                .arg(GROUP)
                                .arg(claimIdleMillis + GONE_AFTER_MILLIS)
                                .arg(consumer))
                .onSuccess(removed -> {
                    if (removed.size() > 0) {
                        LOG.infof(
                                "removed %d consumers of instances that are gone from the dispatch group",
                                removed.size());
                    }
                })
                .onFailure(failure -> LOG.debugf("redis: removing gone consumers failed: %s", failure.getMessage()));
    }

    private void claim(String start, int round) {
        link.send(Request.cmd(Command.XAUTOCLAIM)
                        .arg(queueKey)
                        .arg(GROUP)
                        .arg(consumer)
                        .arg(claimIdleMillis)
                        .arg(start)
                        .arg("COUNT")
                        .arg(READ_BATCH))
                .onSuccess(reply -> {
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
                })
                .onFailure(failure -> LOG.debugf("redis: claiming dispatches failed: %s", failure.getMessage()));
    }
}
