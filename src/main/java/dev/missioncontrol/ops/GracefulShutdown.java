package dev.missioncontrol.ops;

import dev.missioncontrol.dispatch.Dispatcher;
import dev.missioncontrol.events.EventBroker;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The SIGTERM sequence, in this order: readiness goes down, new dispatches get {@code 503}, pending dispatches
 * are recorded, every event-stream subscriber gets {@code end} with reason {@code shutdown}, and every comms
 * connection is closed with 1001 (RFC 6455 section 7.4.1, "going away"). It runs when Quarkus begins its
 * shutdown delay, before the HTTP server waits for open requests, so that streams end instead of holding the
 * process until {@code quarkus.shutdown.timeout}; {@link ShutdownEvent} runs it too in case the delay phase is
 * skipped. It runs once.
 */
@ApplicationScoped
public class GracefulShutdown {

    /** RFC 6455 section 7.4.1: the endpoint is going away. */
    public static final int GOING_AWAY = 1001;

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final AtomicBoolean started = new AtomicBoolean();
    private final Dispatcher dispatcher;
    private final EventBroker broker;
    private final OpenConnections connections;
    private final ShutdownConfig config;

    /**
     * @param dispatcher  drains pending dispatches
     * @param broker      ends event-stream subscribers
     * @param connections the open comms connections
     * @param config      how long the whole sequence may take
     */
    public GracefulShutdown(
            Dispatcher dispatcher, EventBroker broker, OpenConnections connections, ShutdownConfig config) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.broker = broker;
        this.connections = connections;
    }

    /** @return true once the shutdown sequence has begun (readiness reports DOWN) */
    public boolean isShuttingDown() {
        return started.get();
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        run();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        run();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private void run() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.timeout().toNanos();
        // Dispatches get most of the budget: losing one breaks a promise, a stream or socket just reconnects.
        Dispatcher.Drained drained =
                dispatcher.drain(config.timeout().multipliedBy(8).dividedBy(10));
        if (drained.left() == 0) {
            LOG.infof("shutdown: %d pending dispatches recorded", drained.recorded());
        } else {
            LOG.errorf(
                    "shutdown: %d pending dispatches recorded, %d NOT recorded in time",
                    drained.recorded(), drained.left());
        }
        int subscribers = broker.subscribers();
        try {
            broker.endAll("shutdown").get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown: not every event-stream subscriber was ended", e);
        }
        List<Uni<Void>> closing = new ArrayList<>();
        for (WebSocketConnection connection : connections) {
            closing.add(connection
                    .close(new CloseReason(GOING_AWAY, "shutting down"))
                    .onFailure()
                    .recoverWithNull());
        }
        if (!closing.isEmpty()) {
            try {
                Uni.join().all(closing).andCollectFailures().await().atMost(remaining(deadline));
            } catch (RuntimeException e) {
                LOG.warn("shutdown: not every comms connection closed in time", e);
            }
        }
        LOG.infof(
                "shutdown: ended %d event-stream subscribers, closed %d comms connections",
                subscribers, closing.size());
    }
}
