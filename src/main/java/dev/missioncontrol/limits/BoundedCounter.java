package dev.missioncontrol.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count of things held at once (open subscribers, pending dispatches) that never passes its limit: a slot is
 * claimed before the thing is taken on and released when it ends. Lock-free and safe from any thread.
 */
public final class BoundedCounter {

    private final AtomicInteger count = new AtomicInteger();
    private final int max;

    /** @param max how many may be held at once, at least 1 */
    public BoundedCounter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, not " + max);
        }
        this.max = max;
    }

    /** @return true if a slot was claimed; the caller must then {@link #release()} it exactly once */
    public boolean tryAcquire() {
        while (true) {
            int now = count.get();
            if (now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Releases a slot claimed by {@link #tryAcquire()}. */
    public void release() {
        count.decrementAndGet();
    }

    /** @return slots held now */
    public int get() {
        return count.get();
    }

    /** @return the limit */
    public int max() {
        return max;
    }
}
