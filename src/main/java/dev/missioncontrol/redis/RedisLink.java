package dev.missioncontrol.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * How this service talks to Redis: the Quarkus Redis extension's client (configured by {@code quarkus.redis.*}:
 * hosts, Sentinel, TLS, pool), and named connections taken from it that are kept open, reconnecting with backoff
 * (100 ms doubling to 2 s) whenever one drops. Each feature that uses Redis asks for the connections it needs and is
 * told when one is (re)connected or lost. Keys all start with {@code mission-control.redis.key-prefix}. Meters:
 * {@code mission_control_redis_connected{connection}} (1 or 0) and {@code mission_control_redis_reconnects_total}.
 *
 * <p>Ours rather than the extension's because it has no such connections: its client sends each command on any
 * pooled connection, while a blocking read ({@code XREAD BLOCK}, {@code XREADGROUP BLOCK}), a subscription and an
 * ordered publish pipeline each need one connection of their own for as long as they run, opened again after a
 * failure. Created only when {@code transport=redis}.
 */
@Singleton
@Unremovable
public class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2000;
    /**
     * The most connections {@link #maintain} holds: each is one of the pool's for as long as it is open, so
     * {@code quarkus.redis.max-pool-size} must exceed it (application.properties sets 16).
     */
    static final int MAINTAINED_AT_MOST = 8;

    private final Vertx vertx;
    private final Redis client;
    private final String prefix;
    private final MeterRegistry registry;
    private final Counter reconnects;
    private final ConcurrentHashMap<String, AtomicBoolean> connected = new ConcurrentHashMap<>();
    private final Set<RedisConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param vertx    the application's Vert.x, for the reconnect timers
     * @param client   the extension's Redis client
     * @param config   the key prefix
     * @param registry where the connection meters go
     */
    @Inject
    public RedisLink(Vertx vertx, Redis client, RedisConfig config, MeterRegistry registry) {
        this(vertx, client, config.keyPrefix(), registry);
    }

    /**
     * @param vertx     the Vert.x instance
     * @param client    a Redis client on it
     * @param keyPrefix the start of every key
     * @param registry  where the connection meters go
     */
    public RedisLink(Vertx vertx, Redis client, String keyPrefix, MeterRegistry registry) {
        this.vertx = vertx;
        this.client = client;
        this.prefix = keyPrefix;
        this.registry = registry;
        this.reconnects = Counter.builder("mission_control.redis.reconnects")
                .description("Connections to Redis opened again after one dropped")
                .register(registry);
    }

    /**
     * @param name a key name, for example {@code events}
     * @return the key with this deployment's prefix: {@code mission-control:events}
     */
    public String key(String name) {
        return prefix + ":" + name;
    }

    /**
     * Keeps a named connection open: connects now, and again (with backoff) whenever it fails or closes.
     *
     * @param name      names the connection in logs and meters
     * @param connected called with each new connection, on its context
     * @param lost      called when a connection is lost, before the reconnect; commands sent on it have failed or
     *                  will fail
     * @throws IllegalStateException past {@value #MAINTAINED_AT_MOST} connections, which would exhaust the pool
     */
    public void maintain(String name, Consumer<RedisConnection> connected, Runnable lost) {
        if (!this.connected.containsKey(name) && this.connected.size() >= MAINTAINED_AT_MOST) {
            throw new IllegalStateException(
                    "at most " + MAINTAINED_AT_MOST + " maintained connections; raise the bound and the pool with it");
        }
        AtomicBoolean up = this.connected.computeIfAbsent(name, n -> {
            AtomicBoolean state = new AtomicBoolean();
            Gauge.builder("mission_control.redis.connected", state, s -> s.get() ? 1 : 0)
                    .tag("connection", n)
                    .description("1 while this connection to Redis is open")
                    .register(registry);
            return state;
        });
        connect(name, up, connected, lost, FIRST_BACKOFF_MILLIS, false);
    }

    private void connect(
            String name,
            AtomicBoolean up,
            Consumer<RedisConnection> onConnected,
            Runnable onLost,
            long backoff,
            boolean again) {
        if (closed) {
            return;
        }
        client.connect()
                .onSuccess(connection -> {
                    if (closed) {
                        connection.close();
                        return;
                    }
                    AtomicBoolean gone = new AtomicBoolean();
                    open.add(connection);
                    Runnable lose = () -> {
                        open.remove(connection);
                        if (closed) {
                            up.set(false);
                            return;
                        }
                        if (gone.compareAndSet(false, true)) {
                            up.set(false);
                            LOG.warnf("redis connection %s lost; reconnecting", name);
                            onLost.run();
                            connection.close();
                            vertx.setTimer(
                                    FIRST_BACKOFF_MILLIS,
                                    t -> connect(name, up, onConnected, onLost, FIRST_BACKOFF_MILLIS, true));
                        }
                    };
                    connection.exceptionHandler(failure -> lose.run());
                    connection.endHandler(v -> lose.run());
                    up.set(true);
                    if (again) {
                        reconnects.increment();
                        LOG.infof("redis connection %s open again", name);
                    }
                    onConnected.accept(connection);
                })
                .onFailure(failure -> {
                    LOG.debugf("redis connection %s: %s; next try in %d ms", name, failure.getMessage(), backoff);
                    vertx.setTimer(
                            backoff,
                            t -> connect(
                                    name, up, onConnected, onLost, Math.min(MAX_BACKOFF_MILLIS, backoff * 2), again));
                });
    }

    /**
     * Runs {@code step} after {@code millis}, unless this link is closed: how a read loop waits before it tries a
     * failed command again.
     *
     * @param millis how long to wait
     * @param step   what to run, on a Vert.x context
     */
    public void later(long millis, Runnable step) {
        vertx.setTimer(millis, t -> {
            if (!closed) {
                step.run();
            }
        });
    }

    /**
     * Sends one command on the client's pool (not on a maintained connection): for requests that may go on any
     * connection, such as reading the mission log.
     *
     * @param request the command
     * @return its reply; fails if Redis cannot be reached
     */
    public Future<Response> send(Request request) {
        return client.send(request);
    }

    /** @return true while every maintained connection is open */
    public boolean allConnected() {
        for (AtomicBoolean up : connected.values()) {
            if (!up.get()) {
                return false;
            }
        }
        return !connected.isEmpty();
    }

    /** @return true once {@link #close} ran */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops reconnecting and closes the maintained connections; the client itself belongs to the extension, which
     * closes it. A second call does nothing.
     */
    @PreDestroy
    public synchronized void close() {
        if (!closed) {
            closed = true;
            open.forEach(RedisConnection::close);
        }
    }
}
