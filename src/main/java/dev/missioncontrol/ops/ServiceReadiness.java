package dev.missioncontrol.ops;

import dev.missioncontrol.dispatch.Dispatcher;
import dev.missioncontrol.events.EventBroker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /q/health/ready}): UP while the event broker runs and dispatch accepts work, DOWN from the
 * moment shutdown begins, so a load balancer stops sending work before the service stops taking it.
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
        boolean ready = broker.isRunning() && dispatcher.isAccepting() && !shutdown.isShuttingDown();
        return HealthCheckResponse.named("mission-control")
                .status(ready)
                .withData("pendingDispatches", dispatcher.pending())
                .build();
    }
}
