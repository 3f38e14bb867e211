package dev.missioncontrol.fanout;

/** Counts what bounded receiver queues cost: frames dropped, receivers disconnected. */
public interface OverflowMeter {

    /** One frame was dropped from a full queue ({@code drop-oldest}). */
    void dropped();

    /** One receiver was disconnected because its queue was full ({@code disconnect}). */
    void overflowDisconnect();
}
