package dev.missioncontrol.events;

import java.util.function.Consumer;

/**
 * What both transports share: the newest events for replay ({@link EventRing}) and the sink that hands events to
 * this process's fan-out, behind one lock. An event is retained and delivered in one step under that lock, and a
 * replay is taken under it too, so a resuming subscriber's replay and the live events after it meet with no gap and
 * no duplicate.
 */
abstract class RetainingTransport implements EventTransport {

    /** Guards {@link #ring} and the sink. */
    final Object lock = new Object();
    /** The newest events, for replay. */
    final EventRing ring;

    private Consumer<Event> sink = event -> {};

    /**
     * @param replay    events retained
     * @param idsBefore the first run of ids starts after this
     */
    RetainingTransport(int replay, long idsBefore) {
        this.ring = new EventRing(replay, idsBefore);
    }

    /**
     * Retains an event and hands it to the fan-out. Must be called holding {@link #lock}, in id order.
     *
     * @return true if it followed the last one retained; false if it started a new run
     */
    final boolean retainAndDeliver(Event event) {
        boolean follows = ring.append(event);
        sink.accept(event);
        return follows;
    }

    @Override
    public final Replay replaySince(long lastEventId) {
        synchronized (lock) {
            return ring.replaySince(lastEventId);
        }
    }

    @Override
    public final long lastId() {
        synchronized (lock) {
            return ring.lastId();
        }
    }

    @Override
    public final void deliverTo(Consumer<Event> sink) {
        synchronized (lock) {
            this.sink = sink;
        }
    }
}
