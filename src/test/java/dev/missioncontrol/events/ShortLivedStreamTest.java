package dev.missioncontrol.events;

import static dev.missioncontrol.support.EventStreams.json;
import static dev.missioncontrol.support.EventStreams.open;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.SseClient.Frame;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heartbeat, lifetime and reset with short settings, over HTTP only (runs against the native service too). */
@QuarkusTest
@TestProfile(ShortLivedStreamTest.Short.class)
class ShortLivedStreamTest {

    public static class Short implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mission-control.events.heartbeat", "400ms",
                    "mission-control.events.max-lifetime", "4s",
                    "mission-control.events.replay", "20");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void heartbeatCommentsFlowWhenIdle() {
        try (SseClient client = open(base, "?type=nothing.ever")) {
            Frame keepalive = client.next(Duration.ofSeconds(3));
            assertTrue(keepalive.isComment(), () -> "frame " + keepalive);
            assertEquals(List.of("keepalive"), keepalive.comments());
            assertTrue(client.next(Duration.ofSeconds(3)).isComment());
        }
    }

    @Test
    void streamEndsAtMaxLifetime() {
        try (SseClient client = open(base, "?type=nothing.ever")) {
            Frame end = client.nextEvent(Duration.ofSeconds(10));
            assertEquals("end", end.event());
            assertEquals("max-lifetime", json(end).get("reason").asText());
            assertEquals("<eof>", client.next().event());
        }
    }

    @Test
    void resetWhenTheIdIsOlderThanWhatIsRetained() {
        long first;
        long last = 0;
        try (SseClient live = open(base, "?type=dispatch")) {
            for (int i = 0; i < 12; i++) {
                given().post("/missions/dispatch?hero=Old-" + i).then().statusCode(202);
            }
            first = Long.parseLong(live.nextEvent().id());
            for (int i = 1; i < 24; i++) {
                last = Long.parseLong(live.nextEvent().id());
            }
        }
        // 24 dispatch events published; 20 retained: the first ones are gone.
        try (SseClient client = open(base, "?type=dispatch", Map.of("Last-Event-ID", Long.toString(first)))) {
            Frame reset = client.nextEvent();
            assertEquals("reset", reset.event());
            long oldest = json(reset).get("oldest").asLong();
            assertTrue(oldest > first + 1 && oldest <= last, "oldest " + oldest);
            assertEquals(Long.toString(oldest), client.nextEvent().id());
        }
    }
}
