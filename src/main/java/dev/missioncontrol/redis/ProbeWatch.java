package dev.missioncontrol.redis;

import java.util.Optional;

/**
 * When a probe this instance published through Redis was last heard back, for readiness: what publishes a probe every
 * {@value #EVERY_MILLIS} ms calls {@link #heard} when it comes back, and delivery counts as working while the last one
 * came back within {@value #BOUND_MILLIS} ms. Used by the event stream's probe.
 */
public final class ProbeWatch {

    /** How often a probe is published, in milliseconds. */
    public static final long EVERY_MILLIS = 1000;
    /** How recent the last probe heard back must be for delivery to count as working, in milliseconds. */
    public static final long BOUND_MILLIS = 5000;

    private final String what;
    // Starts a bound in the past: nothing counts as delivered before the first probe comes back.
    private volatile long heardNanos = System.nanoTime() - BOUND_MILLIS * 1_000_000L;

    /** @param what what the probe goes through, for the reason: "event" */
    public ProbeWatch(String what) {
        this.what = what;
    }

    /** Notes that a probe of this instance came back now. */
    public void heard() {
        heardNanos = System.nanoTime();
    }

    /** @return why delivery does not count as working (no probe heard within the bound), or empty while it does */
    public Optional<String> problem() {
        long silent = (System.nanoTime() - heardNanos) / 1_000_000L;
        return silent < BOUND_MILLIS
                ? Optional.empty()
                : Optional.of("no " + what + " published here came back through Redis for " + silent + " ms");
    }
}
