package dev.missioncontrol.ops;

import dev.missioncontrol.comms.RoomRelay;
import dev.missioncontrol.dispatch.Dispatcher;
import dev.missioncontrol.events.EventBroker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /q/health/ready}): UP while the event broker runs, events and comms messages published here come
 * back to this instance (with Redis: a probe through Redis, every second, heard back within 5 s) and dispatch
 * accepts work; DOWN from the moment shutdown begins, so a load balancer stops sending work before the service stops
 * taking it. While DOWN the check's data says why ({@code events}, {@code comms}).
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    private final EventBroker broker;
    private final RoomRelay rooms;
    private final Dispatcher dispatcher;
    private final GracefulShutdown shutdown;

    /**
     * @param broker     tells whether events reach subscribers
     * @param rooms      tells whether room messages reach members
     * @param dispatcher tells whether dispatches are accepted
     * @param shutdown   tells whether shutdown has begun
     */
    public ServiceReadiness(EventBroker broker, RoomRelay rooms, Dispatcher dispatcher, GracefulShutdown shutdown) {
        this.broker = broker;
        this.rooms = rooms;
        this.dispatcher = dispatcher;
        this.shutdown = shutdown;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> events = broker.deliveryProblem();
        Optional<String> comms = rooms.deliveryProblem();
        boolean ready = broker.isRunning() && comms.isEmpty() && dispatcher.isAccepting() && !shutdown.isShuttingDown();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mission-control")
                .status(ready)
                .withData("pendingDispatches", dispatcher.pending());
        events.ifPresent(reason -> response.withData("events", reason));
        comms.ifPresent(reason -> response.withData("comms", reason));
        return response.build();
    }
}
