package dev.missioncontrol.fanout;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.function.LongFunction;

/**
 * One connection on the receiving end of a fan-out, whatever its protocol: frames go straight to its socket while
 * the socket takes them, and wait in a bounded queue while it does not. A full queue follows the
 * {@link OverflowPolicy}: {@code drop-oldest} drops the oldest queued frame and, before the next frame the client
 * gets, writes the protocol's notice of how many it lost; {@code disconnect} aborts the connection. A backed-up
 * receiver catches up with one write of everything queued. Owned by one {@link FanOutShard} and touched only on
 * that shard's event-loop thread, so it needs no locks.
 */
public class Receiver {

    /**
     * The settings every receiver of one fan-out shares.
     *
     * @param queueCapacity the most frames held while the socket is not writable
     * @param overflow      what a full queue loses
     * @param lostNotice    the protocol's frame telling a client it lost {@code n} frames
     * @param meter         counts drops and disconnects
     */
    public record Limits(
            int queueCapacity, OverflowPolicy overflow, LongFunction<Buffer> lostNotice, OverflowMeter meter) {}

    private final FrameSink sink;
    private final Limits limits;
    private ArrayDeque<Buffer> queue;
    private long lost;
    private long lastWriteNanos;
    private boolean closed;
    private String endReason = "client";

    /**
     * @param sink     the connection
     * @param limits   queue capacity, overflow policy and its notice
     * @param nowNanos {@link System#nanoTime()} now
     */
    protected Receiver(FrameSink sink, Limits limits, long nowNanos) {
        this.sink = sink;
        this.limits = limits;
        this.lastWriteNanos = nowNanos;
    }

    /** @return whether the receiver has been ended, aborted or dropped for overflow */
    public final boolean isClosed() {
        return closed;
    }

    /** @return frames lost to {@code drop-oldest} that the client has not been told of yet */
    public final long lost() {
        return lost;
    }

    /** @return frames waiting for the socket to drain */
    public final int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** @return true if a frame sent now would wait: frames are queued or the socket's buffer is full */
    public final boolean backedUp() {
        return queued() > 0 || sink.writeQueueFull();
    }

    /** @return {@link System#nanoTime()} of the last write, for heartbeats */
    protected final long lastWriteNanos() {
        return lastWriteNanos;
    }

    /**
     * Writes a frame at once, bypassing the queue: for frames that must precede everything queued later (a
     * replay), or when the caller checked {@link #backedUp()}.
     *
     * @param frames   one or more encoded frames
     * @param nowNanos {@link System#nanoTime()} now
     */
    public final void writeDirect(Buffer frames, long nowNanos) {
        sink.write(frames);
        lastWriteNanos = nowNanos;
    }

    /**
     * Sends a frame, or queues it while the socket is backed up.
     *
     * @param frame    the encoded frame, shared with other receivers
     * @param nowNanos {@link System#nanoTime()} now
     * @return false if this receiver was closed for overflow (or already closed)
     */
    public final boolean send(Buffer frame, long nowNanos) {
        if (closed) {
            return false;
        }
        if (!backedUp()) {
            sink.write(frame);
            lastWriteNanos = nowNanos;
            return true;
        }
        return enqueue(frame);
    }

    private boolean enqueue(Buffer frame) {
        if (queue == null) {
            queue = new ArrayDeque<>(Math.min(limits.queueCapacity(), 16));
        }
        if (queue.size() >= limits.queueCapacity()) {
            if (limits.overflow() == OverflowPolicy.DISCONNECT) {
                limits.meter().overflowDisconnect();
                closed = true;
                endReason = "overflow";
                queue = null;
                sink.abort();
                return false;
            }
            queue.poll();
            lost++;
            limits.meter().dropped();
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
            // The oldest queued frames were dropped: the client hears how many before the next frame it gets.
            queue.addFirst(limits.lostNotice().apply(lost));
            lost = 0;
        }
        if (queue.size() > 1 && !sink.writeQueueFull()) {
            // A backed-up receiver catches up in one write, not one per queued frame.
            sink.write(Frames.join(queue));
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

    /**
     * @return why the connection ended: {@code client} (the client closed it) unless the server ended it, for
     *         example with {@code max-lifetime}, {@code shutdown} or {@code overflow}
     */
    public final String endReason() {
        return endReason;
    }

    /**
     * Ends the connection gracefully after a last frame; does nothing if it is already closed.
     *
     * @param last   the final frame
     * @param reason why, as {@link #endReason()} will report it
     */
    public final void end(Buffer last, String reason) {
        if (!closed) {
            closed = true;
            endReason = reason;
            queue = null;
            sink.end(last);
        }
    }
}
