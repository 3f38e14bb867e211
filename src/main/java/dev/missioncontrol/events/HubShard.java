package dev.missioncontrol.events;

import dev.missioncontrol.fanout.FanOutShard;
import dev.missioncontrol.fanout.Frames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event-stream subscribers of one event-loop thread. A burst gives each subscriber one write holding every
 * frame it accepts, joined once per distinct filter; a periodic tick sends heartbeats and ends streams at their
 * lifetime.
 */
final class HubShard extends FanOutShard<EncodedEvent> {

    // Bounds what a client could make a shard keep by asking for ever new types; the filters themselves are
    // bounded by the request line.
    private static final int MAX_SHARED_FILTERS = 64;

    private final SubscriberHub hub;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Map<TypeFilter, TypeFilter> sharedFilters = new HashMap<>();

    HubShard(SubscriberHub hub, Vertx vertx, Thread thread, Context context, Pacing pacing) {
        super(vertx, thread, context, pacing);
        this.hub = hub;
    }

    @Override
    protected void deliver(EncodedEvent event, long now) {
        // Backwards, so a subscriber that removes itself (swap-remove) never hides one not yet visited.
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            if (!subscriber.deliver(event, now)) {
                remove(subscriber);
            }
        }
    }

    @Override
    protected void deliver(List<EncodedEvent> batch, long now) {
        Map<TypeFilter, Buffer> joined = new HashMap<>();
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            Buffer frames = joined.computeIfAbsent(subscriber.filter(), filter -> join(batch, filter));
            if (!subscriber.deliver(batch, frames, now)) {
                remove(subscriber);
            }
        }
    }

    private static Buffer join(List<EncodedEvent> batch, TypeFilter filter) {
        List<Buffer> frames = new ArrayList<>(batch.size());
        for (EncodedEvent event : batch) {
            if (filter.accepts(event.type())) {
                frames.add(event.frame());
            }
        }
        return Frames.join(frames);
    }

    /**
     * Subscribers asking for the same types hold one filter: about 160 bytes less each for a filtered stream on the
     * JVM (its arrays and strings), and a burst finds their joined frames by identity.
     *
     * @param filter a new subscriber's filter
     * @return an equal filter already kept on this event loop, or {@code filter}
     */
    TypeFilter shared(TypeFilter filter) {
        TypeFilter kept = sharedFilters.get(filter);
        if (kept != null) {
            return kept;
        }
        if (sharedFilters.size() < MAX_SHARED_FILTERS) {
            sharedFilters.put(filter, filter);
        }
        return filter;
    }

    void add(Subscriber subscriber) {
        subscriber.index = subscribers.size();
        subscribers.add(subscriber);
    }

    /** Forgets a subscriber and releases its admission slot; does nothing if it is not (or no longer) here. */
    void remove(Subscriber subscriber) {
        int index = subscriber.index;
        if (index < 0 || index >= subscribers.size() || subscribers.get(index) != subscriber) {
            return;
        }
        Subscriber last = subscribers.remove(subscribers.size() - 1);
        if (last != subscriber) {
            subscribers.set(index, last);
            last.index = index;
        }
        subscriber.index = -1;
        hub.released(subscriber.endReason());
    }

    /** Sends a control frame to every subscriber, queued like an event for those backed up. */
    void sendToAll(Buffer frame) {
        long now = System.nanoTime();
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            if (!subscriber.send(frame, now)) {
                remove(subscriber);
            }
        }
    }

    /** Sends heartbeats where a subscriber was silent too long, and ends streams that reached their lifetime. */
    void tick(Buffer keepalive) {
        long now = System.nanoTime();
        Buffer end = null;
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            if (subscriber.tick(now, keepalive)) {
                if (end == null) {
                    end = ControlFrames.end("max-lifetime");
                }
                subscriber.end(end, "max-lifetime");
                remove(subscriber);
            }
        }
    }

    /** Delivers everything queued, then ends every subscriber with {@code end} for {@code reason}. */
    void endAll(Buffer end, String reason) {
        // Events held back for coalescing go out before the end frame: a subscriber must see every event
        // published before shutdown (and the held-back drain later finds the inbox empty).
        while (deliverPending(System.nanoTime())) {
            // keep delivering
        }
        for (int i = subscribers.size() - 1; i >= 0; i--) {
            Subscriber subscriber = subscribers.get(i);
            subscriber.end(end, reason);
            remove(subscriber);
        }
    }
}
