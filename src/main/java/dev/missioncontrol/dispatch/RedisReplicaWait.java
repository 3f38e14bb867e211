package dev.missioncontrol.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Confirms that {@code replicas} replicas hold what one connection wrote ({@code mission-control.redis.wait-replicas}):
 * Redis {@code WAIT numreplicas timeout} (redis.io/commands/wait) on the connection that wrote it, since WAIT counts
 * the replicas that reached that client's own last write. One WAIT is outstanding at a time and covers every write
 * confirmed before it was sent: a WAIT blocks its connection until it returns, so one per dispatch would queue them
 * behind each other's timeouts when a replica is away. A dispatch therefore waits at most about two timeouts.
 */
final class RedisReplicaWait {

    private final RedisConnection connection;
    private final int replicas;
    private final long timeoutMillis;
    private final Object lock = new Object();
    private List<Promise<Integer>> waiting = new ArrayList<>();
    private boolean outstanding;

    /**
     * @param connection    where the writes to confirm went
     * @param replicas      how many replicas must have them; 0: none asked, nothing waits
     * @param timeoutMillis how long one WAIT may block, in milliseconds
     */
    RedisReplicaWait(RedisConnection connection, int replicas, long timeoutMillis) {
        this.connection = connection;
        this.replicas = replicas;
        this.timeoutMillis = timeoutMillis;
    }

    /** @return the connection whose writes this confirms */
    RedisConnection connection() {
        return connection;
    }

    /**
     * @param acceptance what the primary answered for a dispatch written on {@link #connection()}
     * @return the acceptance once {@code replicas} replicas confirmed it (at once with {@code replicas} 0 or when
     *     nothing was written); failed with {@link DispatchRefused} ({@code NOT_CONFIRMED}) when fewer did in time
     */
    Future<Acceptance> confirmed(Acceptance acceptance) {
        if (replicas == 0 || acceptance.dispatch() == null) {
            return Future.succeededFuture(acceptance);
        }
        return confirm()
                .otherwise(0)
                .compose(confirmed -> confirmed >= replicas
                        ? Future.succeededFuture(acceptance)
                        : Future.failedFuture(DispatchRefused.notConfirmed(confirmed, replicas)));
    }

    /**
     * Call once Redis has replied to the write to confirm.
     *
     * @return the number of replicas that have it (and every write before it on this connection): at least
     *     {@code replicas}, or fewer when the timeout passed first; fails when the connection failed
     */
    Future<Integer> confirm() {
        Promise<Integer> promise = Promise.promise();
        boolean send;
        synchronized (lock) {
            waiting.add(promise);
            send = !outstanding;
            outstanding = true;
        }
        if (send) {
            sendWait();
        }
        return promise.future();
    }

    private void sendWait() {
        List<Promise<Integer>> covered;
        synchronized (lock) {
            covered = waiting;
            waiting = new ArrayList<>();
        }
        connection
                .send(Request.cmd(Command.WAIT).arg(replicas).arg(timeoutMillis))
                .onComplete(reply -> {
                    for (Promise<Integer> promise : covered) {
                        if (reply.succeeded()) {
                            promise.complete(reply.result().toInteger());
                        } else {
                            promise.fail(reply.cause());
                        }
                    }
                    boolean again;
                    synchronized (lock) {
                        again = !waiting.isEmpty();
                        outstanding = again;
                    }
                    if (again) {
                        sendWait();
                    }
                });
    }
}
