package dev.missioncontrol.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Matching presented bearer tokens against the configured ones. */
class TokenStoreTest {

    @Test
    void noTokensMeansOpen() {
        assertFalse(new TokenStore(List.of()).enabled());
        assertFalse(new TokenStore(List.of(" ", "")).enabled(), "blank entries are not tokens");
    }

    @Test
    void aConfiguredTokenMatchesItsIndex() {
        TokenStore store = new TokenStore(List.of("first-token", " second-token "));
        assertTrue(store.enabled());
        assertEquals(OptionalInt.of(0), store.match("first-token"));
        assertEquals(OptionalInt.of(1), store.match("second-token"), "configured tokens are trimmed");
    }

    @Test
    void anythingElseDoesNotMatch() {
        TokenStore store = new TokenStore(List.of("first-token"));
        assertEquals(OptionalInt.empty(), store.match("first-toke"));
        assertEquals(OptionalInt.empty(), store.match("first-token "));
        assertEquals(OptionalInt.empty(), store.match("FIRST-TOKEN"));
        assertEquals(OptionalInt.empty(), store.match(""));
    }

    @Test
    void aDuplicatedTokenMatchesItsFirstPlace() {
        assertEquals(OptionalInt.of(0), new TokenStore(List.of("same", "same")).match("same"));
    }
}
