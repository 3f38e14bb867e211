package dev.missioncontrol.fanout;

/**
 * What a receiver whose bounded queue is full loses: config values {@code drop-oldest} and {@code disconnect}, for
 * event-stream subscribers and comms members alike.
 */
public enum OverflowPolicy {
    /** The receiver loses its oldest queued frame to make room, stays connected, and is told how many it lost. */
    DROP_OLDEST,
    /** The receiver is disconnected; its client reconnects (and, on the event stream, resumes with Last-Event-ID). */
    DISCONNECT
}
