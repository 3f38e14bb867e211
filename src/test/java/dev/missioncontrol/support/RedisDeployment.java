package dev.missioncontrol.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packaged instances with {@code transport=redis} on one real redis-server, as a deployment runs them, for one test:
 * {@link #start} starts Redis, {@link #instance} each instance as its own process, {@link #close} kills them all.
 */
public final class RedisDeployment implements AutoCloseable {

    private final RedisServer redis;
    private final List<ServiceProcess> instances = new ArrayList<>();

    private RedisDeployment(RedisServer redis) {
        this.redis = redis;
    }

    /** Starts a redis-server; the caller has checked {@link RedisServer#missing()}. */
    public static RedisDeployment start() throws Exception {
        return new RedisDeployment(RedisServer.start());
    }

    /** @return the Redis under the instances, to kill and restart */
    public RedisServer redis() {
        return redis;
    }

    /**
     * Starts an instance on this Redis and waits until it is ready.
     *
     * @param name     names its log file under {@code target/}
     * @param settings further settings, as -D options
     */
    public ServiceProcess instance(String name, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put("mission-control.transport", "redis");
        all.put("mission-control.redis.url", redis.url());
        ServiceProcess instance = ServiceProcess.start(name, all);
        instances.add(instance);
        return instance;
    }

    /** Kills every instance, then Redis. */
    @Override
    public void close() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        redis.close();
    }
}
