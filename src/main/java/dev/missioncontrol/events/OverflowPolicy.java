package dev.missioncontrol.events;

/** What a subscriber whose bounded queue is full loses: config values {@code drop-oldest} and {@code disconnect}. */
public enum OverflowPolicy {
    /** The subscriber loses its oldest queued event to make room; it stays connected. */
    DROP_OLDEST,
    /** The subscriber is disconnected; its client reconnects and resumes with Last-Event-ID. */
    DISCONNECT
}
