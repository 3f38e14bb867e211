package dev.missioncontrol.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ?type=} filter of the event stream. */
class TypeFilterTest {

    @Test
    void noTypesKeepEverything() {
        assertSame(TypeFilter.ALL, TypeFilter.of(List.of()));
        assertTrue(TypeFilter.ALL.accepts("dispatch.accepted"));
        assertTrue(TypeFilter.ALL.accepts("anything"));
    }

    @Test
    void aTypeKeepsItselfAndItsDottedChildrenOnly() {
        TypeFilter dispatch = TypeFilter.of(List.of("dispatch"));
        assertTrue(dispatch.accepts("dispatch"));
        assertTrue(dispatch.accepts("dispatch.accepted"));
        assertTrue(dispatch.accepts("dispatch.recorded"));
        assertFalse(dispatch.accepts("dispatcher"));
        assertFalse(dispatch.accepts("dispatcher.other"));
        assertFalse(dispatch.accepts("comms.chat"));
    }

    @Test
    void severalTypesKeepAnyOfThem() {
        TypeFilter filter = TypeFilter.of(List.of("comms.chat", "dispatch.recorded"));
        assertTrue(filter.accepts("comms.chat"));
        assertTrue(filter.accepts("dispatch.recorded"));
        assertFalse(filter.accepts("comms.joined"));
        assertFalse(filter.accepts("dispatch.accepted"));
    }

    @Test
    void badTypesAreRefusedNamingTheValue() {
        for (String bad : List.of("", "a..b", ".a", "a.", "a b", "dispatch*", "ü")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> TypeFilter.of(List.of("dispatch", bad)), bad);
            assertTrue(e.getMessage().endsWith(": " + bad), e.getMessage());
        }
    }

    @Test
    void overlongTypesAreRefusedAndQuotedShort() {
        String longType = "a".repeat(129);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TypeFilter.of(List.of(longType)));
        assertTrue(e.getMessage().endsWith(": " + "a".repeat(40) + "…"), e.getMessage());
        TypeFilter.of(List.of("a".repeat(128)));
    }

    @Test
    void filtersOfTheSameTypesAreEqual() {
        assertEquals(TypeFilter.of(List.of("comms", "dispatch")), TypeFilter.of(List.of("comms", "dispatch")));
        assertEquals(
                TypeFilter.of(List.of("comms")).hashCode(),
                TypeFilter.of(List.of("comms")).hashCode());
        assertNotEquals(TypeFilter.of(List.of("comms")), TypeFilter.of(List.of("dispatch")));
    }
}
