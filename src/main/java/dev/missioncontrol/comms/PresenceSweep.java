package dev.missioncontrol.comms;

import dev.missioncontrol.events.EventBroker;
import dev.missioncontrol.events.EventPayload;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code mission-control.comms.presence-refresh} (default 5 s): has the relay renew this instance's presence
 * and remove the members of instances that stopped renewing theirs (crashed, or cut off) for longer than
 * {@code presence-ttl} (default 15 s), and publishes {@code comms.left} for each. With Redis a member of a dead
 * instance is therefore gone within {@code presence-ttl} plus one refresh; in one process there is no one to remove.
 */
@ApplicationScoped
public class PresenceSweep {

    private final RoomRelay relay;
    private final EventBroker broker;

    /**
     * @param relay  the relay the transport chose
     * @param broker receives {@code comms.left}
     */
    public PresenceSweep(RoomRelay relay, EventBroker broker) {
        this.relay = relay;
        this.broker = broker;
    }

    /** Renews presence and sweeps the dead; a Redis that is away just makes this run a no-op. */
    @Scheduled(
            every = "${mission-control.comms.presence-refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        relay.sweep()
                .thenAccept(departed -> departed.forEach(member -> broker.publish(
                        EventPayload.CommsLeft.of(member.room(), member.members(), member.connection()))));
    }
}
