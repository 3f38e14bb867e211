package dev.missioncontrol.fanout;

import static dev.missioncontrol.fanout.FanOutShard.DEFAULT_PACING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a shard counts as its previous drain when it asks the pacing whether it is behind. */
class DrainPacerTest {

    private static long millis(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }

    @Test
    void aShortDrainBetweenTwoLongOnesDoesNotMakeTheSecondLookBackToBack() {
        DrainPacer pacer = new DrainPacer(DEFAULT_PACING, 0);
        // dispatch.accepted to 250 subscribers at 0 ms, dispatch.recorded (wanted by none) at 8 ms, the next
        // dispatch.accepted at 20 ms: 7 ms of every 20 is keeping up.
        assertEquals(millis(0), pacer.afterDrain(millis(0), millis(7), millis(10)));
        assertEquals(millis(8), pacer.afterDrain(millis(8), millis(1), millis(10)));
        assertEquals(millis(20), pacer.afterDrain(millis(20), millis(7), millis(10)));
    }

    @Test
    void longDrainsBackToBackAreHeldBack() {
        DrainPacer pacer = new DrainPacer(DEFAULT_PACING, 0);
        assertEquals(millis(0), pacer.afterDrain(millis(0), millis(100), millis(10)));
        assertEquals(millis(101) + millis(200), pacer.afterDrain(millis(101), millis(100), millis(10)));
    }

    @Test
    void aLongDrainAfterAQuietSpellIsNotHeldBack() {
        DrainPacer pacer = new DrainPacer(DEFAULT_PACING, millis(5_000));
        assertEquals(millis(5_000), pacer.afterDrain(millis(5_000), millis(30), millis(10)));
    }
}
