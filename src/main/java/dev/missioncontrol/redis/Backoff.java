package dev.missioncontrol.redis;

/**
 * The wait before a failed Redis command of a read loop is tried again: 100 ms, doubling to 2 s, back to 100 ms
 * after a success. Not thread-safe: one per loop, used on its connection's context.
 */
public final class Backoff {

    private long next = RedisLink.FIRST_BACKOFF_MILLIS;

    /** @return how long to wait before the next try, in milliseconds; doubles the one after */
    public long failed() {
        long wait = next;
        next = Math.min(RedisLink.MAX_BACKOFF_MILLIS, next * 2);
        return wait;
    }

    /** Resets the wait after a command succeeded. */
    public void succeeded() {
        next = RedisLink.FIRST_BACKOFF_MILLIS;
    }
}
