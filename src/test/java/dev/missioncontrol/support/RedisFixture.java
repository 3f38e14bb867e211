package dev.missioncontrol.support;

import dev.missioncontrol.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one Redis fixture of the tests: a real redis-server for one test, and what runs on it, closed together by
 * {@link #close}. Packaged instances with {@code transport=redis}, each its own process, for the integration tests
 * ({@link #instance}); {@link RedisLink}s in this process, one per simulated instance with keys prefixed
 * {@code test}, for the tests of the Redis classes ({@link #link}).
 */
public final class RedisFixture implements AutoCloseable {

    private final RedisServer redis;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final List<RedisLink> links = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();
    private Vertx vertx;

    private RedisFixture(RedisServer redis) {
        this.redis = redis;
    }

    /**
     * Starts a redis-server: skips the test where there is none, fails it under CI ({@link Tools#require}).
     *
     * @return the fixture
     */
    public static RedisFixture start() throws Exception {
        Tools.require(RedisServer.missing());
        return new RedisFixture(RedisServer.start());
    }

    /** @return the server, to kill and restart */
    public RedisServer redis() {
        return redis;
    }

    /**
     * @param more further settings
     * @return the settings of an instance on this Redis: {@code transport=redis}, its URL, and {@code more}
     */
    public Map<String, String> settings(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        all.put("mission-control.transport", "redis");
        all.put("mission-control.redis.url", redis.url());
        return all;
    }

    /**
     * Starts a packaged instance on this Redis and waits until it is ready.
     *
     * @param name     names its log file under {@code target/}
     * @param settings further settings, as -D options
     */
    public ServiceProcess instance(String name, Map<String, String> settings) throws Exception {
        ServiceProcess instance = ServiceProcess.start(name, settings(settings));
        instances.add(instance);
        return instance;
    }

    /**
     * As {@link #instance(String, Map)}, on a given port: an instance restarted where it was.
     *
     * @param port the HTTP port
     */
    public ServiceProcess instance(String name, Map<String, String> settings, int port) throws Exception {
        ServiceProcess instance = ServiceProcess.start(name, settings(settings), port);
        instances.add(instance);
        return instance;
    }

    /** @return the Vert.x the links run on, made on first use */
    public synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    /**
     * @param registry where the link's meters go
     * @return a new link to the server, as one instance would have it, on a client configured as
     *         application.properties configures the extension's
     */
    public RedisLink link(MeterRegistry registry) {
        Redis client = Redis.createClient(
                vertx(),
                new RedisOptions()
                        .setConnectionString(redis.url())
                        .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(4096)
                        .setMaxWaitingHandlers(16384));
        clients.add(client);
        RedisLink link = new RedisLink(vertx(), client, "test", registry);
        links.add(link);
        return link;
    }

    /** Kills every instance, closes the links and Vert.x, then kills Redis. */
    @Override
    public void close() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        links.forEach(RedisLink::close);
        clients.forEach(Redis::close);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        redis.close();
    }
}
