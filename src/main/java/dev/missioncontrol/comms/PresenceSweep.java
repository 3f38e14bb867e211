package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import dev.missioncontrol.redis.Transport;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code transport=redis}, every {@code mission-control.comms.presence-refresh} (default 5 s): renews this
 * instance's presence and removes the members of instances that stopped renewing theirs (crashed, or cut off) for
 * longer than {@code presence-ttl} (default 15 s), publishing {@code comms.left} for each. A member of a dead instance
 * is therefore gone within {@code presence-ttl} plus one refresh. Does nothing with the local transport.
 */
@ApplicationScoped
public class PresenceSweep {

    private final boolean shared;
    private final Instance<RedisRoomRelay> relay;
    private final EventBroker broker;

    /**
     * @param transport only {@code redis} has presence to keep
     * @param relay     the Redis relay
     * @param broker    receives {@code comms.left}
     */
    public PresenceSweep(@ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport,
            Instance<RedisRoomRelay> relay, EventBroker broker) {
        this.shared = transport == Transport.REDIS;
        this.relay = relay;
        this.broker = broker;
    }

    /** Renews presence and sweeps the dead; a Redis that is away just makes this run a no-op. */
    @Scheduled(every = "${mission-control.comms.presence-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!shared) {
            return;
        }
        RedisRoomRelay redis = relay.get();
        redis.refreshPresence();
        redis.sweep().onSuccess(departed -> departed.forEach(member -> broker.publish(
                EventPayload.CommsLeft.of(member.room(), member.members(), member.connection()))));
    }
}
