package dev.missioncontrol.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.SseClient.Frame;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The status feed, read frame by frame as a streaming client reads it. */
@QuarkusTest
class FeedTest {

    @TestHTTPResource("/missions/feed")
    URI feed;

    @Test
    void sweepsEverySectorThenStandsDown() {
        try (SseClient client = SseClient.open(feed)) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
            assertEquals("no-cache", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
            for (int sector = 1; sector <= 3; sector++) {
                Frame frame = client.next();
                assertEquals("status", frame.event());
                assertEquals("all quiet on sector " + sector, frame.data());
            }
            Frame close = client.next();
            assertEquals("close", close.event());
            assertEquals("stand down", close.data());
            assertEquals("<eof>", client.next().event(), "the response ends after close");
        }
    }
}
