package dev.missioncontrol.events;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
public class LocalTransport implements EventTransport {

    private final Object lock = new Object();
    private final Event[] ring;
    private final long firstId;
    private long lastId;
    private Consumer<Event> sink = event -> { };

    /** @param config supplies {@code replay}, how many of the newest events to retain (at least 1) */
    @Inject
    public LocalTransport(EventsConfig config) {
        this(config, startMicros());
    }

    /**
     * @param config    supplies {@code replay}
     * @param idsBefore the sequence starts after this; the first event gets {@code idsBefore + 1}
     */
    LocalTransport(EventsConfig config, long idsBefore) {
        this.ring = new Event[config.replay()];
        this.lastId = idsBefore;
        this.firstId = idsBefore + 1;
    }

    private static long startMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public Event publish(String type, byte[] json) {
        synchronized (lock) {
            long id = lastId + 1;
            Event event = new Event(id, type, json);
            ring[(int) (id % ring.length)] = event;
            lastId = id;
            sink.accept(event);
            return event;
        }
    }

    @Override
    public Replay replaySince(long lastEventId) {
        synchronized (lock) {
            long oldest = Math.max(firstId, lastId - ring.length + 1);
            // An id beyond ours comes from another run or a made-up header: everything retained is news to that client.
            boolean reset = lastEventId + 1 < oldest || lastEventId > lastId;
            long from = reset ? oldest : lastEventId + 1;
            List<Event> events = new ArrayList<>((int) Math.max(0, lastId - from + 1));
            for (long id = from; id <= lastId; id++) {
                events.add(ring[(int) (id % ring.length)]);
            }
            return new Replay(events, reset, oldest, lastId);
        }
    }

    @Override
    public long lastId() {
        synchronized (lock) {
            return lastId;
        }
    }

    @Override
    public void deliverTo(Consumer<Event> sink) {
        synchronized (lock) {
            this.sink = sink;
        }
    }
}
