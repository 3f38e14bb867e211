package dev.missioncontrol.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a pacing interval, each frame reaches the client when it is produced, not when the sweep ends. */
@QuarkusTest
@TestProfile(PacedFeedTest.Paced.class)
class PacedFeedTest {

    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.feed.interval", "400ms", "mission-control.feed.sectors", "4");
        }
    }

    @TestHTTPResource("/missions/feed")
    URI feed;

    @Test
    void eachFrameIsFlushedAsProduced() {
        try (SseClient client = SseClient.open(feed)) {
            assertEquals("all quiet on sector 1", client.next().data());
            long first = System.nanoTime();
            assertEquals("all quiet on sector 2", client.next().data());
            assertEquals("all quiet on sector 3", client.next().data());
            assertEquals("all quiet on sector 4", client.next().data());
            assertEquals("close", client.next().event());
            long spreadMillis = (System.nanoTime() - first) / 1_000_000;
            // A buffered response would deliver all five frames together, at the end of the sweep.
            assertTrue(spreadMillis >= 1000, "frames arrived " + spreadMillis + " ms apart in all");
        }
    }
}
