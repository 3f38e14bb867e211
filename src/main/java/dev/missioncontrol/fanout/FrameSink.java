package dev.missioncontrol.fanout;

import io.vertx.core.buffer.Buffer;

/**
 * The connection a {@link Receiver} writes to: an event-stream response, a comms WebSocket, or a recording stub in
 * tests. Frames arrive already encoded for the connection's protocol. Every method is called on the connection's
 * event-loop thread.
 */
public interface FrameSink {

    /** @param frame bytes to send; the sink must not modify them, they are shared with other receivers */
    void write(Buffer frame);

    /** @return true while the connection's outbound buffer is over its high-water mark */
    boolean writeQueueFull();

    /** @param handler called once when a full outbound buffer has drained; replaces any earlier handler */
    void drainHandler(Runnable handler);

    /** @param last a final frame to send, then end the stream gracefully */
    void end(Buffer last);

    /** Ends the connection at once because it fell too far behind; queued frames are not sent. */
    void abort();
}
