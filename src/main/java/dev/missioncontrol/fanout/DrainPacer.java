package dev.missioncontrol.fanout;

/**
 * One shard's {@link FanOutShard.Pacing} with the history it needs: when the shard's previous long drain started.
 * Only drains of {@link FanOutShard#COALESCE_AFTER_NANOS} or more count as that history. A short drain, such as one
 * for an event none of the shard's receivers asked for, says nothing about whether the shard keeps up: counted, an
 * event that follows another within milliseconds (the event stream's {@code dispatch.recorded} after each
 * {@code dispatch.accepted}) would make the next drain look back-to-back. Used on the shard's thread only.
 */
final class DrainPacer {

    private final FanOutShard.Pacing pacing;
    private long previousLongStart;

    /**
     * @param pacing   the rule
     * @param nowNanos {@link System#nanoTime()} at creation, taken as the start of a long drain long ago
     */
    DrainPacer(FanOutShard.Pacing pacing, long nowNanos) {
        this.pacing = pacing;
        this.previousLongStart = nowNanos - FanOutShard.MAX_COALESCE_NANOS * 4;
    }

    /**
     * Records a finished drain.
     *
     * @param startNanos when it started ({@link System#nanoTime()})
     * @param tookNanos  how long it took, in nanoseconds
     * @param waitedNanos how long it waited to start after it was asked for, in nanoseconds
     * @return the earliest {@link System#nanoTime()} at which the next drain may start
     */
    long afterDrain(long startNanos, long tookNanos, long waitedNanos) {
        long hold = pacing.holdNanos(tookNanos, startNanos - previousLongStart, waitedNanos);
        if (tookNanos >= FanOutShard.COALESCE_AFTER_NANOS) {
            previousLongStart = startNanos;
        }
        return startNanos + hold;
    }
}
