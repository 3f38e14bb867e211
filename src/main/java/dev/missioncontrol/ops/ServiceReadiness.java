package dev.missioncontrol.ops;

import dev.missioncontrol.missions.Dispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /q/health/ready}): UP once the broker and the dispatch executor are running, DOWN from the
 * moment shutdown begins, so a load balancer stops sending work before the service stops taking it.
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    private final Dispatcher dispatcher;
    private final GracefulShutdown shutdown;

    /**
     * @param dispatcher the dispatch service (its creation starts the broker it publishes to)
     * @param shutdown   tells whether shutdown has begun
     */
    public ServiceReadiness(Dispatcher dispatcher, GracefulShutdown shutdown) {
        this.dispatcher = dispatcher;
        this.shutdown = shutdown;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = dispatcher.isAccepting() && !shutdown.isShuttingDown();
        return HealthCheckResponse.named("mission-control").status(ready)
                .withData("pendingDispatches", dispatcher.pending()).build();
    }
}
