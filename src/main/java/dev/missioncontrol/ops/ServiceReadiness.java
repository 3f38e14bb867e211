package dev.missioncontrol.ops;

import dev.missioncontrol.dispatch.Dispatcher;
import dev.missioncontrol.events.EventBroker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /q/health/ready}): UP while the event broker runs, events published here (chats among them)
 * come back to this instance (with Redis: a probe through Redis, every second, heard back within 5 s) and dispatch
 * accepts work; DOWN from the moment shutdown begins, so a load balancer stops sending work before the service stops
 * taking it. While DOWN the check's data says why ({@code events}).
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    private final EventBroker broker;
    private final Dispatcher dispatcher;
    private final GracefulShutdown shutdown;

    /**
     * @param broker     tells whether events reach subscribers
     * @param dispatcher tells whether dispatches are accepted
     * @param shutdown   tells whether shutdown has begun
     */
    public ServiceReadiness(EventBroker broker, Dispatcher dispatcher, GracefulShutdown shutdown) {
        this.broker = broker;
        this.dispatcher = dispatcher;
        this.shutdown = shutdown;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> events = broker.deliveryProblem();
        boolean ready = broker.isRunning() && dispatcher.isAccepting() && !shutdown.isShuttingDown();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mission-control")
                .status(ready)
                .withData("pendingDispatches", dispatcher.pending());
        events.ifPresent(reason -> response.withData("events", reason));
        return response.build();
    }
}
