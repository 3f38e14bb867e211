package dev.missioncontrol.dispatch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every {@code mission-control.dispatch.claim-interval} (default 5 s): has the dispatch queue take over what other
 * instances left pending ({@link DispatchQueue#takeOver}). With Redis a dispatch of a dead instance is so recorded
 * within {@code claim-after} + {@code scramble-time} + {@code claim-interval} of its acceptance, or of the start of a
 * new instance if none was running; in one process there is nothing to take over.
 */
@ApplicationScoped
public class DispatchTakeover {

    private final DispatchQueue queue;

    /** @param queue the dispatch queue the transport chose */
    public DispatchTakeover(DispatchQueue queue) {
        this.queue = queue;
    }

    /** Claims and holds what is due; a Redis that is away makes this run a no-op. */
    @Scheduled(
            every = "${mission-control.dispatch.claim-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        queue.takeOver();
    }
}
