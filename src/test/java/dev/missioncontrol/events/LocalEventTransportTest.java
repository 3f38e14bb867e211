package dev.missioncontrol.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.fanout.OverflowPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Numbering and retention of the in-process transport, across a restart too. */
class LocalEventTransportTest {

    private static final EventsConfig CONFIG = new SubscriberHubTest.Settings(
            Duration.ofSeconds(15), Duration.ofMinutes(30), 5, 256, OverflowPolicy.DROP_OLDEST, 100);

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static long publish(LocalEventTransport transport) {
        return transport.publish("t", "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idsStartAfterTheStartTimeInMicroseconds() {
        long before = nowMicros();
        LocalEventTransport transport = new LocalEventTransport(CONFIG);
        long after = nowMicros();
        long first = publish(transport);
        assertTrue(first > before && first <= after + 1, before + " < " + first + " <= " + (after + 1));
        assertEquals(first + 1, publish(transport), "then one more per event");
        assertTrue(first < (1L << 53), "JavaScript reads the id exactly");
    }

    @Test
    void aLaterRunNumbersAboveAnEarlierOne() {
        LocalEventTransport earlier = new LocalEventTransport(CONFIG);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = publish(earlier);
        }
        LocalEventTransport later = new LocalEventTransport(CONFIG);
        assertTrue(publish(later) > last);
    }

    @Test
    void resumingWithAnIdFromAnEarlierRunGetsResetAndEverythingRetained() {
        LocalEventTransport earlier = new LocalEventTransport(CONFIG);
        long seen = publish(earlier);
        LocalEventTransport later = new LocalEventTransport(CONFIG);
        long first = publish(later);
        long second = publish(later);
        Replay replay = later.replaySince(seen);
        assertTrue(replay.reset());
        assertEquals(first, replay.oldest());
        assertEquals(2, replay.events().size());
        assertEquals(second, replay.events().get(1).id());
    }

    @Test
    void resumingFromTheNewestIdIsNoReset() {
        LocalEventTransport transport = new LocalEventTransport(CONFIG);
        long first = publish(transport);
        long second = publish(transport);
        Replay fromFirst = transport.replaySince(first);
        assertFalse(fromFirst.reset());
        assertEquals(1, fromFirst.events().size());
        assertEquals(second, fromFirst.events().get(0).id());
        assertFalse(transport.replaySince(second).reset());
        assertTrue(transport.replaySince(second).events().isEmpty());
    }

    @Test
    void beforeTheFirstEventNothingIsRetainedAndTheOldestIsTheNextId() {
        LocalEventTransport transport = new LocalEventTransport(CONFIG, 41);
        Replay replay = transport.replaySince(41);
        assertFalse(replay.reset());
        assertEquals(42, replay.oldest());
        assertTrue(replay.events().isEmpty());
    }

    @Test
    void anIdOlderThanTheRingGetsReset() {
        LocalEventTransport transport = new LocalEventTransport(CONFIG, 0);
        for (int i = 0; i < 8; i++) {
            publish(transport);
        }
        Replay replay = transport.replaySince(2);
        assertTrue(replay.reset());
        assertEquals(4, replay.oldest());
        assertEquals(5, replay.events().size());
        assertFalse(transport.replaySince(3).reset(), "3 is just inside: 4 to 8 are retained");
    }
}
