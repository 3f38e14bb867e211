package dev.missioncontrol.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest events, by id, for resuming subscribers: a ring of {@code capacity} slots indexed by id. Ids are
 * appended in increasing order; a run of consecutive ids is retained, and an id that does not follow the last one
 * starts a new run (what came before can no longer be replayed without a gap). Not thread-safe: its owner locks.
 */
final class EventRing {

    private final Event[] ring;
    private long firstId;
    private long lastId;

    /**
     * @param capacity  events retained (at least 1)
     * @param idsBefore the run starts after this id; 0 for none
     */
    EventRing(int capacity, long idsBefore) {
        this.ring = new Event[capacity];
        restart(idsBefore);
    }

    /** Forgets every retained event: the next run starts after {@code idsBefore}. */
    void restart(long idsBefore) {
        firstId = idsBefore + 1;
        lastId = idsBefore;
    }

    /**
     * Retains an event.
     *
     * @return true if it followed the last one; false if it started a new run
     */
    boolean append(Event event) {
        boolean follows = event.id() == lastId + 1;
        if (!follows) {
            restart(event.id() - 1);
        }
        ring[(int) (event.id() % ring.length)] = event;
        lastId = event.id();
        return follows;
    }

    /** @return the newest id appended, or the id the run starts after */
    long lastId() {
        return lastId;
    }

    /**
     * @param lastEventId the last id a client received
     * @return the retained events after it, with {@code reset} when some between it and them are not retained (or
     *         the id is beyond the newest, so it comes from another run or was made up)
     */
    Replay replaySince(long lastEventId) {
        long oldest = Math.max(firstId, lastId - ring.length + 1);
        boolean reset = lastEventId + 1 < oldest || lastEventId > lastId;
        long from = reset ? oldest : lastEventId + 1;
        List<Event> events = new ArrayList<>((int) Math.max(0, lastId - from + 1));
        for (long id = from; id <= lastId; id++) {
            events.add(ring[(int) (id % ring.length)]);
        }
        return new Replay(events, reset, oldest, lastId);
    }
}
