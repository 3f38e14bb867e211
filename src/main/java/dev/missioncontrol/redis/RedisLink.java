package dev.missioncontrol.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * How this service talks to Redis: one Vert.x Redis client on the application's Vert.x, and named connections that
 * are kept open, reconnecting with backoff (100 ms doubling to 2 s) whenever one drops. Each feature that uses
 * Redis asks for the connections it needs and is told when one is (re)connected or lost. Keys all start with
 * {@code mission-control.redis.key-prefix}. Meters: {@code mission_control_redis_connected{connection}} (1 or 0)
 * and {@code mission_control_redis_reconnects_total}. Created only when {@code transport=redis}.
 */
@Singleton
@Unremovable
public class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2000;
    /** The most connections {@link #maintain} holds: each is one of the pool's for as long as it is open. */
    static final int MAINTAINED_AT_MOST = 8;

    private final Vertx vertx;
    private final Redis client;
    private final String prefix;
    private final MeterRegistry registry;
    private final Counter reconnects;
    private final ConcurrentHashMap<String, AtomicBoolean> connected = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param vertx    the application's Vert.x
     * @param config   the URL and key prefix
     * @param registry where the connection meters go
     */
    @Inject
    public RedisLink(Vertx vertx, RedisConfig config, MeterRegistry registry) {
        this(vertx, config.url(), config.keyPrefix(), registry);
    }

    /**
     * @param vertx     the Vert.x instance
     * @param url       {@code redis://host:port}
     * @param keyPrefix the start of every key
     * @param registry  where the connection meters go
     */
    public RedisLink(Vertx vertx, String url, String keyPrefix, MeterRegistry registry) {
        this.vertx = vertx;
        this.prefix = keyPrefix;
        this.registry = registry;
        // RESP2: replies as plain arrays, the shapes the Redis command docs describe. Every maintained connection is
        // taken from the client's pool for good (six of them: events publish and read, comms publish and subscribe,
        // dispatch read and write), so the pool is sized for those plus the commands sent through it (the Vert.x
        // default of six left none, and every send waited for ever).
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxWaitingHandlers(16384)
                .setMaxPoolSize(MAINTAINED_AT_MOST + 8).setMaxPoolWaiting(4096));
        this.reconnects = Counter.builder("mission_control.redis.reconnects")
                .description("Connections to Redis opened again after one dropped").register(registry);
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
            throw new IllegalStateException("at most " + MAINTAINED_AT_MOST + " maintained connections; raise the bound and the pool with it");
        }
        AtomicBoolean up = this.connected.computeIfAbsent(name, n -> {
            AtomicBoolean state = new AtomicBoolean();
            Gauge.builder("mission_control.redis.connected", state, s -> s.get() ? 1 : 0).tag("connection", n)
                    .description("1 while this connection to Redis is open").register(registry);
            return state;
        });
        connect(name, up, connected, lost, FIRST_BACKOFF_MILLIS, false);
    }

    private void connect(String name, AtomicBoolean up, Consumer<RedisConnection> onConnected, Runnable onLost,
            long backoff, boolean again) {
        if (closed) {
            return;
        }
        client.connect().onSuccess(connection -> {
            if (closed) {
                connection.close();
                return;
            }
            AtomicBoolean gone = new AtomicBoolean();
            Runnable lose = () -> {
                if (gone.compareAndSet(false, true)) {
                    up.set(false);
                    LOG.warnf("redis connection %s lost; reconnecting", name);
                    onLost.run();
                    connection.close();
                    vertx.setTimer(FIRST_BACKOFF_MILLIS, t -> connect(name, up, onConnected, onLost,
                            FIRST_BACKOFF_MILLIS, true));
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
        }).onFailure(failure -> {
            LOG.debugf("redis connection %s: %s; next try in %d ms", name, failure.getMessage(), backoff);
            vertx.setTimer(backoff, t -> connect(name, up, onConnected, onLost,
                    Math.min(MAX_BACKOFF_MILLIS, backoff * 2), again));
        });
    }

    /**
     * Sends one command on the client's pool (not on a maintained connection): for requests that may go on any
     * connection, such as reading or appending the mission log.
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

    /** Stops reconnecting and closes the client; a second call does nothing. */
    @PreDestroy
    public synchronized void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }
}
