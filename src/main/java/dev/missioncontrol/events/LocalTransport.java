package dev.missioncontrol.events;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The in-process transport: a sequence counter and a ring of the last {@code replay} events, both behind one
 * lock. The lock covers only numbering, one array store and handing the event to the sink (which encodes it once
 * and enqueues it on a few event-loop inboxes), never socket writes, so concurrent publishers wait microseconds.
 */
@Singleton
public class LocalTransport implements EventTransport {

    private final Object lock = new Object();
    private final Event[] ring;
    private long lastId;
    private Consumer<Event> sink = event -> { };

    /** @param config supplies {@code replay}, how many of the newest events to retain (at least 1) */
    public LocalTransport(EventsConfig config) {
        this.ring = new Event[config.replay()];
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
            long oldest = Math.max(1, lastId - ring.length + 1);
            if (lastId == 0) {
                oldest = 1;
            }
            // An id beyond ours comes from before a restart: everything retained is news to that client.
            boolean reset = lastEventId + 1 < oldest || lastEventId > lastId;
            long from = reset ? oldest : lastEventId + 1;
            List<Event> events = new ArrayList<>((int) Math.max(0, lastId - from + 1));
            for (long id = from; id <= lastId; id++) {
                events.add(ring[(int) (id % ring.length)]);
            }
            return new Replay(events, reset, lastId == 0 ? 1 : oldest, lastId);
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
