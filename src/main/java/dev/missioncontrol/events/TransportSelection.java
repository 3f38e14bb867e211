package dev.missioncontrol.events;

import dev.missioncontrol.redis.Transport;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the event transport by {@code mission-control.transport}: {@code local} (the default, in this process) or
 * {@code redis} (shared by every instance on one Redis). Only the chosen one is created, so the default opens no
 * connection to anything.
 */
@Singleton
public class TransportSelection {

    /**
     * @param transport which transport
     * @param local     the in-process transport, created only if chosen
     * @param redis     the Redis transport, created (and connected) only if chosen
     * @return the transport every publisher and the hub use
     */
    @Produces
    @Singleton
    EventTransport eventTransport(@ConfigProperty(name = "mission-control.transport", defaultValue = "local")
            Transport transport, Instance<LocalTransport> local, Instance<RedisEventTransport> redis) {
        if (transport == Transport.REDIS) {
            RedisEventTransport shared = redis.get();
            shared.start();
            return shared;
        }
        return local.get();
    }
}
