package dev.missioncontrol.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The range converters behind the whole-number settings. */
class IntRangeTest {

    @Test
    void acceptsTheBoundsAndTrimsBlanks() {
        assertEquals(1, new IntRange.Positive().convert("1"));
        assertEquals(10_000, new IntRange.UpToTenThousand().convert(" 10000 "));
        assertEquals(1_000_000, new IntRange.UpToAMillion().convert("1000000"));
        assertEquals(10_000_000, new IntRange.UpToTenMillion().convert("10000000"));
        assertEquals(128, new IntRange.FrameBytes().convert("128"));
    }

    @Test
    void refusesValuesOutsideTheRangeNamingIt() {
        assertEquals(
                "must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new IntRange.Positive().convert("0"))
                        .getMessage());
        assertEquals(
                "must be from 1 to 10000, not 10001",
                assertThrows(IllegalArgumentException.class, () -> new IntRange.UpToTenThousand().convert("10001"))
                        .getMessage());
        assertEquals(
                "must be at least 128, not 127",
                assertThrows(IllegalArgumentException.class, () -> new IntRange.FrameBytes().convert("127"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IntRange.UpToAMillion().convert("-5"));
    }

    @Test
    void refusesWhatIsNotAWholeNumber() {
        assertEquals(
                "must be a whole number, not \"1e3\"",
                assertThrows(IllegalArgumentException.class, () -> new IntRange.Positive().convert("1e3"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IntRange.Positive().convert("99999999999"));
    }
}
