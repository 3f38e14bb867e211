package dev.missioncontrol.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Metrics;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape lists the contract's meters, and their values move with real traffic. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyContractMeterIsScraped() {
        String scrape =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String meter : List.of(
                "mission_control_events_subscribers",
                "mission_control_comms_connections",
                "mission_control_events_published_total",
                "mission_control_events_dropped_total",
                "mission_control_events_overflow_disconnects_total",
                "mission_control_dispatch_accepted_total",
                "mission_control_dispatch_recorded_total",
                "mission_control_dispatch_pending",
                "mission_control_dispatch_duration_seconds_count",
                "mission_control_dispatch_duration_seconds_sum",
                "mission_control_comms_rate_limited_total",
                "mission_control_dispatch_duration_seconds_bucket",
                "mission_control_events_stream_ends_total",
                "mission_control_comms_rooms")) {
            assertTrue(scrape.contains("\n" + meter), "missing " + meter);
        }
    }

    private static double streamEnds(String reason) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^mission_control_events_stream_ends_total\\{[^}]*reason=\"" + reason
                                + "\"[^}]*} ([0-9.]+)$")
                .matcher(given().get("/q/metrics").asString());
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }

    @Test
    void streamsThatEndAreCountedByWhyNotAsHttpErrors() {
        double before = streamEnds("client");
        for (String reason : List.of("client", "max-lifetime", "shutdown", "overflow")) {
            assertFalse(Double.isNaN(streamEnds(reason)), reason + " is scraped from the start");
        }
        try (SseClient stream = SseClient.open(base.resolve("/missions/events"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.next() != null);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> streamEnds("client") == before + 1);
        String scrape = given().get("/q/metrics").asString();
        assertTrue(
                scrape.lines()
                        .noneMatch(line ->
                                line.startsWith("http_server_requests") && line.contains("uri=\"/missions/events\"")),
                "a closed stream is no HTTP client error");
    }

    @Test
    void valuesMoveWithClientsAndEvents() {
        double subscribers = Metrics.value("mission_control_events_subscribers");
        double connections = Metrics.value("mission_control_comms_connections");
        double published = Metrics.value("mission_control_events_published_total");
        double accepted = Metrics.value("mission_control_dispatch_accepted_total");
        double recorded = Metrics.value("mission_control_dispatch_recorded_total");
        double timed = Metrics.value("mission_control_dispatch_duration_seconds_count");
        try (SseClient stream = SseClient.open(base.resolve("/missions/events"));
                WsClient comms = WsClient.connect(URI.create(base.toString().replaceFirst("^http", "ws") + "comms"))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Metrics.value("mission_control_events_subscribers") == subscribers + 1
                            && Metrics.value("mission_control_comms_connections") == connections + 1);
            given().post("/missions/dispatch?hero=Gauge").then().statusCode(202);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Metrics.value("mission_control_dispatch_accepted_total") == accepted + 1
                            && Metrics.value("mission_control_dispatch_recorded_total") == recorded + 1
                            && Metrics.value("mission_control_dispatch_duration_seconds_count") == timed + 1
                            && Metrics.value("mission_control_dispatch_pending") == 0
                            // joined, accepted, recorded: at least three events
                            && Metrics.value("mission_control_events_published_total") >= published + 3);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Metrics.value("mission_control_events_subscribers") == subscribers
                        && Metrics.value("mission_control_comms_connections") == connections);
    }
}
