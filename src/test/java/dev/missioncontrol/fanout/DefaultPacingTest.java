package dev.missioncontrol.fanout;

import static dev.missioncontrol.fanout.FanOutShard.DEFAULT_PACING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a shard holds its next drain back: only when it is behind, and never for long. */
class DefaultPacingTest {

    private static long millis(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }

    @Test
    void aShardThatKeepsUpNeverWaitsHoweverLongItsDrains() {
        // 8 ms of every 20 (1,000 subscribers, 50 events/s): holding back would only add latency.
        assertEquals(0, DEFAULT_PACING.holdNanos(millis(8), millis(20), millis(6)));
        assertEquals(0, DEFAULT_PACING.holdNanos(millis(400), millis(2_000), millis(6)));
    }

    @Test
    void aShortDrainIsNotHeldBackEvenBackToBack() {
        assertEquals(0, DEFAULT_PACING.holdNanos(millis(1), millis(1), millis(6)));
    }

    @Test
    void aLongDrainThatFoundItsLoopFreeIsNotHeldBack() {
        // A collector pause of 35 ms inside one 10 ms drain, 20 ms after the previous: the event came to a free
        // loop, so the shard keeps up; held back, the next events would wait for it.
        assertEquals(0, DEFAULT_PACING.holdNanos(millis(45), millis(20), 0));
        assertEquals(0, DEFAULT_PACING.holdNanos(millis(45), millis(20), millis(5) - 1));
    }

    @Test
    void aShardDrainingMostOfTheTimeWaitsTwiceItsDrainAtMost250Ms() {
        assertEquals(millis(20), DEFAULT_PACING.holdNanos(millis(10), millis(12), millis(5)));
        assertEquals(millis(20), DEFAULT_PACING.holdNanos(millis(10), millis(20), millis(6)));
        assertEquals(millis(250), DEFAULT_PACING.holdNanos(millis(150), millis(150), millis(80)));
    }
}
