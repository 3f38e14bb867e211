package dev.missioncontrol.comms;

/**
 * A token bucket for one connection's frames: {@code perSecond} tokens, refilled continuously, one taken per
 * frame. Used from the connection's event loop only, so it needs no synchronisation.
 */
public final class MessageRate {

    private final double perSecond;
    private double tokens;
    private long lastNanos;

    /**
     * @param perSecond  frames allowed per second, also the burst size
     * @param nowNanos   the current {@link System#nanoTime()}
     */
    public MessageRate(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.lastNanos = nowNanos;
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return true if a frame may be handled now, false if it is over the rate
     */
    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) * perSecond / 1e9);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
