package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-connection token bucket, on a clock the test controls. */
class MessageRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketTakesABurstOfItsSizeThenRefuses() {
        MessageRate rate = new MessageRate(5, 0);
        for (int i = 0; i < 5; i++) {
            assertTrue(rate.tryAcquire(0), "frame " + i + " of the burst");
        }
        assertFalse(rate.tryAcquire(0));
    }

    @Test
    void tokensRefillContinuously() {
        MessageRate rate = new MessageRate(5, 0);
        for (int i = 0; i < 5; i++) {
            rate.tryAcquire(0);
        }
        assertFalse(rate.tryAcquire(SECOND / 10), "half a token after 100 ms");
        assertTrue(rate.tryAcquire(SECOND / 5), "one token after 200 ms");
        assertFalse(rate.tryAcquire(SECOND / 5));
    }

    @Test
    void idleTimeNeverBanksMoreThanOneBurst() {
        MessageRate rate = new MessageRate(3, 0);
        long later = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertTrue(rate.tryAcquire(later));
        }
        assertFalse(rate.tryAcquire(later), "an hour idle still allows only a burst of 3");
    }
}
