package dev.missioncontrol.support;

import dev.missioncontrol.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For tests of the Redis classes in this process: a real redis-server, a Vert.x, and the {@link RedisLink}s made on
 * them (one per simulated instance, keys prefixed {@code test}); {@link #close} closes the links, Vert.x and Redis.
 */
public final class RedisLinks implements AutoCloseable {

    private final RedisServer redis;
    private final Vertx vertx = Vertx.vertx();
    private final List<RedisLink> links = new ArrayList<>();
    private final List<Redis> clients = new ArrayList<>();

    private RedisLinks(RedisServer redis) {
        this.redis = redis;
    }

    /** Starts a redis-server; the caller has checked {@link RedisServer#missing()}. */
    public static RedisLinks start() throws Exception {
        return new RedisLinks(RedisServer.start());
    }

    /** @return the server, to kill and restart */
    public RedisServer redis() {
        return redis;
    }

    /** @return the Vert.x the links run on */
    public Vertx vertx() {
        return vertx;
    }

    /**
     * @param registry where the link's meters go
     * @return a new link to the server, as one instance would have it
     */
    public RedisLink link(MeterRegistry registry) {
        // As application.properties configures the extension's client.
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxPoolSize(16).setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(16384));
        clients.add(client);
        RedisLink link = new RedisLink(vertx, client, "test", registry);
        links.add(link);
        return link;
    }

    @Override
    public void close() throws Exception {
        links.forEach(RedisLink::close);
        clients.forEach(Redis::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }
}
