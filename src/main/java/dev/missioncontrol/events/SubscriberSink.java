package dev.missioncontrol.events;

import io.vertx.core.buffer.Buffer;

/**
 * The connection a {@link Subscriber} writes to: an HTTP response in production ({@link HttpSubscriberSink}),
 * a recording stub in tests. Every method is called on the connection's event-loop thread.
 */
public interface SubscriberSink {

    /** @param frame bytes to send; the sink must not modify them, they are shared with other subscribers */
    void write(Buffer frame);

    /** @return true while the connection's outbound buffer is over its high-water mark */
    boolean writeQueueFull();

    /** @param handler called once when a full outbound buffer has drained; replaces any earlier handler */
    void drainHandler(Runnable handler);

    /** @param last a final frame to send, then end the stream gracefully */
    void end(Buffer last);

    /** Drops the connection at once, without a final frame. */
    void abort();
}
