package dev.missioncontrol.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Claiming and releasing slots up to a limit. */
class BoundedCounterTest {

    @Test
    void claimsUpToTheLimitThenRefuses() {
        BoundedCounter counter = new BoundedCounter(2);
        assertTrue(counter.tryAcquire());
        assertTrue(counter.tryAcquire());
        assertFalse(counter.tryAcquire());
        assertEquals(2, counter.get());
        counter.release();
        assertTrue(counter.tryAcquire());
    }

    @Test
    void concurrentClaimsNeverPassTheLimit() throws Exception {
        BoundedCounter counter = new BoundedCounter(1000);
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (counter.tryAcquire()) {
                        claimed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1000, claimed.get());
        assertEquals(1000, counter.get());
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCounter(0));
    }
}
