package dev.missioncontrol.events;

import dev.missioncontrol.sse.EventStreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One event-stream client: its filter, the id of the newest event it has been given, and the bounded queue
 * that holds events while its socket is not writable. Owned by one {@link HubShard} and touched only on that
 * shard's event-loop thread, so it needs no locks.
 */
public final class Subscriber {

    private final SubscriberSink sink;
    private final TypeFilter filter;
    private final SubscriberSettings settings;
    private final EventMetrics metrics;
    private final long deadlineNanos;
    private ArrayDeque<Buffer> queue;
    private long lost;
    private long lastSeenId;
    private long lastWriteNanos;
    private boolean closed;
    private String endReason = "client";
    int index = -1;

    Subscriber(SubscriberSink sink, TypeFilter filter, SubscriberSettings settings, EventMetrics metrics,
            long nowNanos) {
        this.sink = sink;
        this.filter = filter;
        this.settings = settings;
        this.metrics = metrics;
        this.lastWriteNanos = nowNanos;
        this.deadlineNanos = nowNanos + settings.lifetimeNanos();
    }

    /** @return whether the subscriber has been ended, aborted or dropped for overflow */
    public boolean isClosed() {
        return closed;
    }

    /** @return events lost to {@code drop-oldest} that the client has not been told of yet */
    public long lost() {
        return lost;
    }

    /** @return events waiting for the socket to drain */
    public int queued() {
        return queue == null ? 0 : queue.size();
    }

    void skipThrough(long id) {
        lastSeenId = id;
    }

    void writeDirect(Buffer frames, long nowNanos) {
        sink.write(frames);
        lastWriteNanos = nowNanos;
    }

    /**
     * Sends a live event unless it was already sent (replay overlap) or filtered out.
     *
     * @return false if this subscriber was closed for overflow
     */
    boolean deliver(EncodedEvent event, long nowNanos) {
        if (closed || event.id() <= lastSeenId) {
            return !closed;
        }
        lastSeenId = event.id();
        if (!filter.accepts(event.type())) {
            return true;
        }
        if (queue == null || queue.isEmpty()) {
            if (!sink.writeQueueFull()) {
                sink.write(event.frame());
                lastWriteNanos = nowNanos;
                return true;
            }
        }
        return enqueue(event.frame());
    }

    /**
     * Sends a burst of live events as one write of {@code frames}: the frames of the events in {@code batch} that
     * this subscriber's filter accepts, joined once for every subscriber with an equal filter. Falls back to one
     * event at a time when the subscriber already saw part of the burst (replay overlap) or is backed up.
     *
     * @return false if this subscriber was closed for overflow
     */
    boolean deliver(List<EncodedEvent> batch, Buffer frames, long nowNanos) {
        if (closed) {
            return false;
        }
        if (lastSeenId >= batch.get(0).id() || queued() > 0 || sink.writeQueueFull()) {
            for (int i = 0; i < batch.size(); i++) {
                if (!deliver(batch.get(i), nowNanos)) {
                    return false;
                }
            }
            return true;
        }
        lastSeenId = batch.get(batch.size() - 1).id();
        if (frames.length() > 0) {
            sink.write(frames);
            lastWriteNanos = nowNanos;
        }
        return true;
    }

    TypeFilter filter() {
        return filter;
    }

    private boolean enqueue(Buffer frame) {
        if (queue == null) {
            queue = new ArrayDeque<>(Math.min(settings.queueCapacity(), 16));
        }
        if (queue.size() >= settings.queueCapacity()) {
            if (settings.overflow() == OverflowPolicy.DISCONNECT) {
                metrics.overflowDisconnect();
                closed = true;
                endReason = "overflow";
                queue = null;
                sink.abort();
                return false;
            }
            queue.poll();
            lost++;
            metrics.dropped();
        }
        if (queue.isEmpty()) {
            sink.drainHandler(this::drain);
        }
        queue.add(frame);
        return true;
    }

    private void drain() {
        if (closed || queue == null) {
            return;
        }
        if (lost > 0 && !sink.writeQueueFull()) {
            // The oldest queued events were dropped: the client hears how many before the next event it gets.
            queue.addFirst(ControlFrames.lost(lost));
            lost = 0;
        }
        if (queue.size() > 1 && !sink.writeQueueFull()) {
            // A backed-up subscriber catches up in one write, not one per queued event.
            sink.write(EventStreamEncoder.join(queue));
            queue.clear();
        }
        while (!queue.isEmpty() && !sink.writeQueueFull()) {
            sink.write(queue.poll());
        }
        lastWriteNanos = System.nanoTime();
        if (!queue.isEmpty()) {
            sink.drainHandler(this::drain);
        }
    }

    /** @return true if the lifetime is over */
    boolean tick(long nowNanos, Buffer keepalive) {
        if (closed) {
            return false;
        }
        if (nowNanos - deadlineNanos >= 0) {
            return true;
        }
        if (nowNanos - lastWriteNanos >= settings.heartbeatNanos() && queued() == 0 && !sink.writeQueueFull()) {
            sink.write(keepalive);
            lastWriteNanos = nowNanos;
        }
        return false;
    }

    /**
     * @return why the stream ended: {@code client} (the client closed it) unless the server ended it, with
     *         {@code max-lifetime}, {@code shutdown} or {@code overflow}
     */
    String endReason() {
        return endReason;
    }

    void end(Buffer last, String reason) {
        if (!closed) {
            closed = true;
            endReason = reason;
            queue = null;
            sink.end(last);
        }
    }
}
