package dev.missioncontrol.transport;

import dev.missioncontrol.comms.LocalRoomRelay;
import dev.missioncontrol.comms.RedisRoomRelay;
import dev.missioncontrol.comms.RoomRelay;
import dev.missioncontrol.dispatch.DispatchQueue;
import dev.missioncontrol.dispatch.LocalDispatchQueue;
import dev.missioncontrol.dispatch.RedisDispatchQueue;
import dev.missioncontrol.events.EventTransport;
import dev.missioncontrol.events.LocalEventTransport;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.log.LocalLogStore;
import dev.missioncontrol.log.LogStore;
import dev.missioncontrol.log.RedisLogStore;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that reads {@code mission-control.transport} and chooses, for each shared feature, its local or its
 * Redis implementation: the event transport, the dispatch queue, the mission log's store and the comms room relay.
 * Only the chosen implementations are created, so the default ({@code local}) opens no connection to anything.
 * No other class knows which transport runs; {@code ArchitectureTest} keeps it so.
 */
@Singleton
public class TransportWiring {

    private final Transport transport;

    /** @param transport {@code local} (the default) or {@code redis} */
    public TransportWiring(
            @ConfigProperty(name = "mission-control.transport", defaultValue = "local") Transport transport) {
        this.transport = transport;
    }

    /**
     * @param local the in-process transport
     * @param redis the Redis stream, connected when chosen
     * @return where events are numbered, retained and handed to this process's fan-out
     */
    @Produces
    @Singleton
    EventTransport events(Instance<LocalEventTransport> local, Instance<RedisEventTransport> redis) {
        if (transport == Transport.REDIS) {
            RedisEventTransport shared = redis.get();
            shared.start();
            return shared;
        }
        return local.get();
    }

    /**
     * @param local the in-process queue
     * @param redis the durable queue in Redis
     * @return where accepted dispatches wait until recorded
     */
    @Produces
    @Singleton
    DispatchQueue dispatchQueue(Instance<LocalDispatchQueue> local, Instance<RedisDispatchQueue> redis) {
        return transport == Transport.REDIS ? redis.get() : local.get();
    }

    /**
     * @param local the log in memory
     * @param redis the list in Redis
     * @return where the mission log is kept
     */
    @Produces
    @Singleton
    LogStore logStore(Instance<LocalLogStore> local, Instance<RedisLogStore> redis) {
        return transport == Transport.REDIS ? redis.get() : local.get();
    }

    /**
     * @param local rooms of this process
     * @param redis rooms shared through Redis, with presence
     * @return where room messages and member counts come from
     */
    @Produces
    @Singleton
    RoomRelay roomRelay(Instance<LocalRoomRelay> local, Instance<RedisRoomRelay> redis) {
        return transport == Transport.REDIS ? redis.get() : local.get();
    }
}
