package dev.missioncontrol.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.SseClient.Frame;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /missions/events} over real HTTP connections, read as a streaming client reads them. */
@QuarkusTest
@TestProfile(EventStreamTest.Short.class)
class EventStreamTest {

    public static class Short implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mission-control.events.heartbeat", "400ms",
                    "mission-control.events.max-lifetime", "5s",
                    "mission-control.events.replay", "20",
                    "mission-control.events.subscriber-queue", "8");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/missions/events")
    URI events;

    @TestHTTPResource("/comms")
    URI comms;

    @Inject
    EventBroker broker;

    @Inject
    LocalTransport transport;

    private SseClient open(String query, Map<String, String> headers) {
        SseClient client = SseClient.open(URI.create(events + query), headers);
        assertEquals(200, client.status());
        Frame retry = client.next();
        assertEquals(3000L, retry.retry());
        Frame connected = client.next();
        assertEquals("connected", connected.event());
        JsonNode data = json(connected);
        assertEquals("ok", data.get("status").asText());
        Instant.parse(data.get("ts").asText());
        return client;
    }

    private SseClient open(String query) {
        return open(query, Map.of());
    }

    private static JsonNode json(Frame frame) {
        try {
            return JSON.readTree(frame.data());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + frame.data(), e);
        }
    }

    private static Frame nextOfType(SseClient client, String type) {
        Frame frame = client.nextEvent();
        assertEquals(type, frame.event(), () -> "frame " + frame);
        assertNotNull(frame.id());
        Instant.parse(json(frame).get("ts").asText());
        return frame;
    }

    @Test
    void connectedFirstWithTheStreamHeaders() {
        try (SseClient client = open("")) {
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            assertEquals("no-cache", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
        }
    }

    @Test
    void dispatchEmitsAcceptedThenRecorded() {
        try (SseClient client = open("?type=dispatch")) {
            given().post("/missions/dispatch?hero=Volt").then().statusCode(202);
            Frame accepted = nextOfType(client, "dispatch.accepted");
            assertEquals("Volt", json(accepted).get("hero").asText());
            Frame recorded = nextOfType(client, "dispatch.recorded");
            assertEquals("Volt", json(recorded).get("hero").asText());
            assertEquals(Long.parseLong(accepted.id()) + 1, Long.parseLong(recorded.id()));
        }
    }

    @Test
    void commsEmitsJoinedChatAndLeft() {
        try (SseClient client = open("?type=comms")) {
            WsClient ws = WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws")));
            JsonNode joined = json(nextOfType(client, "comms.joined"));
            assertEquals("hq", joined.get("room").asText());
            assertTrue(joined.get("members").asInt() >= 1);
            ws.send("{\"event\":\"chat\",\"text\":\"assemble!\"}");
            JsonNode chat = json(nextOfType(client, "comms.chat"));
            assertEquals("hq", chat.get("room").asText());
            assertEquals("assemble!", chat.get("text").asText());
            ws.close();
            JsonNode left = json(nextOfType(client, "comms.left"));
            assertEquals("hq", left.get("room").asText());
            assertEquals(joined.get("members").asInt() - 1, left.get("members").asInt());
        }
    }

    @Test
    void typeFilterKeepsOnlyMatchingEvents() {
        try (SseClient dispatchOnly = open("?type=dispatch.recorded&type=test.marker")) {
            broker.publish("comms.chat", EventBroker.fields("room", "hq", "text", "ignored"));
            broker.publish("dispatch.accepted", EventBroker.fields("hero", "ignored"));
            broker.publish("test.marker", EventBroker.fields("n", 1));
            assertEquals("test.marker", dispatchOnly.nextEvent().event());
        }
        given().get("/missions/events?type=bad%20type").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void heartbeatCommentsFlowWhenIdle() {
        try (SseClient client = open("?type=nothing.ever")) {
            Frame keepalive = client.next(Duration.ofSeconds(3));
            assertTrue(keepalive.isComment(), () -> "frame " + keepalive);
            assertEquals(List.of("keepalive"), keepalive.comments());
            assertTrue(client.next(Duration.ofSeconds(3)).isComment());
        }
    }

    @Test
    void streamEndsAtMaxLifetime() {
        try (SseClient client = open("?type=nothing.ever")) {
            Frame end = client.nextEvent(Duration.ofSeconds(10));
            assertEquals("end", end.event());
            assertEquals("max-lifetime", json(end).get("reason").asText());
            assertEquals("<eof>", client.next().event());
        }
    }

    @Test
    void resumesFromLastEventIdHeaderOrQueryWithNoGapOrDuplicate() {
        for (boolean byHeader : List.of(true, false)) {
            String type = byHeader ? "resume.header" : "resume.query";
            long first = broker.publish(type, EventBroker.fields("n", 1));
            broker.publish(type, EventBroker.fields("n", 2));
            broker.publish(type, EventBroker.fields("n", 3));
            String query = "?type=" + type + (byHeader ? "" : "&lastEventId=" + first);
            Map<String, String> headers = byHeader ? Map.of("Last-Event-ID", Long.toString(first)) : Map.of();
            try (SseClient client = open(query, headers)) {
                assertEquals(Long.toString(first + 1), client.nextEvent().id());
                assertEquals(Long.toString(first + 2), client.nextEvent().id());
                long live = broker.publish(type, EventBroker.fields("n", 4));
                assertEquals(Long.toString(live), client.nextEvent().id());
            }
        }
    }

    @Test
    void resetWhenTheIdIsOlderThanWhatIsRetained() {
        long first = broker.publish("reset.test", EventBroker.fields("n", 0));
        for (int i = 0; i < 25; i++) {
            broker.publish("reset.test", EventBroker.fields("n", i));
        }
        try (SseClient client = open("?type=reset", Map.of("Last-Event-ID", Long.toString(first)))) {
            Frame reset = client.nextEvent();
            assertEquals("reset", reset.event());
            long oldest = json(reset).get("oldest").asLong();
            assertEquals(transport.lastId() - 19, oldest);
            assertEquals(Long.toString(oldest), client.nextEvent().id());
        }
        given().header("Last-Event-ID", "yesterday").get("/missions/events").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aStalledSubscriberDoesNotSlowTheOthers() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress(events.getHost(), events.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /missions/events?type=stall HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient reader = open("?type=stall")) {
                EventMetrics metrics = io.quarkus.arc.Arc.container().instance(EventMetrics.class).get();
                await().atMost(Duration.ofSeconds(5)).until(() -> metrics.subscribers() >= 2);
                String big = "x".repeat(8192);
                List<Long> published = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    published.add(broker.publish("stall.load", EventBroker.fields("pad", big)));
                }
                List<Long> received = new ArrayList<>();
                while (received.size() < published.size()) {
                    received.add(Long.parseLong(reader.nextEvent(Duration.ofSeconds(5)).id()));
                }
                assertEquals(published, received, "the reading subscriber got every event in order");
                double dropped = dev.missioncontrol.support.Metrics.value("mission_control_events_dropped_total");
                assertTrue(dropped > 0, "the stalled subscriber lost its oldest events instead");
            }
        }
    }
}
