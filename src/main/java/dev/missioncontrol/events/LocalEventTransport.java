package dev.missioncontrol.events;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The in-process transport: a sequence counter and a ring of the last {@code replay} events, both behind one
 * lock. The lock covers only numbering, one array store and handing the event to the sink (which encodes it once
 * and enqueues it on a few event-loop inboxes), never socket writes, so concurrent publishers wait microseconds.
 *
 * <p>Ids never go backwards, not even across a restart: the sequence starts after the start time in microseconds
 * since the epoch, so a later run's ids are larger than an earlier run's unless that run published more than a
 * million events a second for its whole life. They stay below 2^53, so JavaScript reads them exactly. A client
 * resuming with an id from an earlier run therefore gets {@code reset} and everything retained.
 */
@Singleton
@Typed(LocalEventTransport.class)
// Looked up only through the transport chosen at start-up, so the container must keep it.
@Unremovable
public class LocalEventTransport extends RetainingTransport {

    /** @param config supplies {@code replay}, how many of the newest events to retain (at least 1) */
    @Inject
    public LocalEventTransport(EventsConfig config) {
        this(config, startMicros());
    }

    /**
     * @param config    supplies {@code replay}
     * @param idsBefore the sequence starts after this; the first event gets {@code idsBefore + 1}
     */
    LocalEventTransport(EventsConfig config, long idsBefore) {
        super(config.replay(), idsBefore);
    }

    private static long startMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public long publish(String type, byte[] json) {
        synchronized (lock) {
            Event event = new Event(ring.lastId() + 1, type, json);
            retainAndDeliver(event);
            return event.id();
        }
    }
}
