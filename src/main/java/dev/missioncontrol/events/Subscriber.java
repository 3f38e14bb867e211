package dev.missioncontrol.events;

import dev.missioncontrol.fanout.FrameSink;
import dev.missioncontrol.fanout.Receiver;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * One event-stream client: a {@link Receiver} with its type filter, the id of the newest event it has been given
 * (so a replay and live events never overlap), a lifetime and a heartbeat. Owned by one {@link HubShard} and
 * touched only on that shard's event-loop thread.
 */
public final class Subscriber extends Receiver {

    private final TypeFilter filter;
    private final long heartbeatNanos;
    private final long deadlineNanos;
    private long lastSeenId;
    int index = -1;

    Subscriber(FrameSink sink, TypeFilter filter, SubscriberSettings settings, Limits limits, long nowNanos) {
        super(sink, limits, nowNanos);
        this.filter = filter;
        this.heartbeatNanos = settings.heartbeatNanos();
        this.deadlineNanos = nowNanos + settings.lifetimeNanos();
    }

    void skipThrough(long id) {
        lastSeenId = id;
    }

    /**
     * Sends a live event unless it was already sent (replay overlap) or filtered out.
     *
     * @return false if this subscriber was closed for overflow
     */
    boolean deliver(EncodedEvent event, long nowNanos) {
        if (isClosed() || event.id() <= lastSeenId) {
            return !isClosed();
        }
        lastSeenId = event.id();
        return !filter.accepts(event.type()) || send(event.frame(), nowNanos);
    }

    /**
     * Sends a burst of live events as one write of {@code frames}: the frames of the events in {@code batch} that
     * this subscriber's filter accepts, joined once for every subscriber with an equal filter. Falls back to one
     * event at a time when the subscriber already saw part of the burst (replay overlap) or is backed up.
     *
     * @return false if this subscriber was closed for overflow
     */
    boolean deliver(List<EncodedEvent> batch, Buffer frames, long nowNanos) {
        if (isClosed()) {
            return false;
        }
        if (lastSeenId >= batch.get(0).id() || backedUp()) {
            for (int i = 0; i < batch.size(); i++) {
                if (!deliver(batch.get(i), nowNanos)) {
                    return false;
                }
            }
            return true;
        }
        lastSeenId = batch.get(batch.size() - 1).id();
        if (frames.length() > 0) {
            writeDirect(frames, nowNanos);
        }
        return true;
    }

    TypeFilter filter() {
        return filter;
    }

    /** @return true if the lifetime is over */
    boolean tick(long nowNanos, Buffer keepalive) {
        if (isClosed()) {
            return false;
        }
        if (nowNanos - deadlineNanos >= 0) {
            return true;
        }
        if (nowNanos - lastWriteNanos() >= heartbeatNanos && !backedUp()) {
            writeDirect(keepalive, nowNanos);
        }
        return false;
    }
}
