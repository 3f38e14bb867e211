package dev.missioncontrol.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The event stream's frames without ids, and the escaping of what they carry. */
class ControlFramesTest {

    @Test
    void connectedCarriesStatusAndTime() {
        assertEquals(
                "event: connected\ndata: {\"status\":\"ok\",\"ts\":\"2026-11-23T07:00:00Z\"}\n\n",
                ControlFrames.connected(Instant.parse("2026-11-23T07:00:00Z")).toString());
    }

    @Test
    void resetCarriesTheOldestRetainedId() {
        assertEquals(
                "event: reset\ndata: {\"oldest\":1001}\n\n",
                ControlFrames.reset(1001).toString());
    }

    @Test
    void endCarriesItsReason() {
        assertEquals(
                "event: end\ndata: {\"reason\":\"shutdown\"}\n\n",
                ControlFrames.end("shutdown").toString());
    }

    @Test
    void insertedTextIsEscapedSoTheFrameStaysOneJsonLine() {
        assertEquals(
                "event: end\ndata: {\"reason\":\"a \\\"b\\\"\\n\\\\c\"}\n\n",
                ControlFrames.end("a \"b\"\n\\c").toString());
    }
}
