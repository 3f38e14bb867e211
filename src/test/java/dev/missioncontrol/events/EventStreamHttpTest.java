package dev.missioncontrol.events;

import static dev.missioncontrol.support.EventStreams.json;
import static dev.missioncontrol.support.EventStreams.next;
import static dev.missioncontrol.support.EventStreams.open;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.SseClient.Frame;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /missions/events} over HTTP only, so it runs against the packaged and native service too. */
@QuarkusTest
class EventStreamHttpTest {

    @TestHTTPResource("/")
    URI base;

    private URI ws() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "comms");
    }

    @Test
    void connectedFirstWithTheStreamHeaders() {
        try (SseClient client = open(base, "")) {
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            assertEquals("no-cache", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
        }
    }

    @Test
    void dispatchEmitsAcceptedThenRecorded() {
        try (SseClient client = open(base, "?type=dispatch")) {
            given().post("/missions/dispatch?hero=Volt").then().statusCode(202);
            Frame accepted = next(client, "dispatch.accepted");
            assertEquals("Volt", json(accepted).get("hero").asText());
            Frame recorded = next(client, "dispatch.recorded");
            assertEquals("Volt", json(recorded).get("hero").asText());
            assertEquals(Long.parseLong(accepted.id()) + 1, Long.parseLong(recorded.id()));
        }
    }

    @Test
    void commsEmitsJoinedChatAndLeft() {
        try (SseClient client = open(base, "?type=comms")) {
            WsClient socket = WsClient.connect(ws());
            JsonNode joined = json(next(client, "comms.joined"));
            assertEquals("hq", joined.get("room").asText());
            assertTrue(joined.get("members").asInt() >= 1);
            socket.send("{\"event\":\"chat\",\"text\":\"assemble!\"}");
            JsonNode chat = json(next(client, "comms.chat"));
            assertEquals("hq", chat.get("room").asText());
            assertEquals("assemble!", chat.get("text").asText());
            socket.close();
            JsonNode left = json(next(client, "comms.left"));
            assertEquals("hq", left.get("room").asText());
            assertEquals(joined.get("members").asInt() - 1, left.get("members").asInt());
        }
    }

    @Test
    void typeFilterKeepsTheTypeAndItsDottedChildrenOnly() {
        try (SseClient recordedOnly = open(base, "?type=dispatch.recorded&type=comms.chat")) {
            given().post("/missions/dispatch?hero=Filtered").then().statusCode(202);
            assertEquals("dispatch.recorded", recordedOnly.nextEvent().event());
            try (WsClient socket = WsClient.connect(ws())) {
                socket.send("{\"event\":\"chat\",\"text\":\"kept\"}");
                Frame chat = recordedOnly.nextEvent();
                assertEquals("comms.chat", chat.event(), "the join in between was filtered out");
            }
        }
        given().get("/missions/events?type=bad%20type").then().statusCode(400).contentType("application/problem+json");
        given().get("/missions/events?type=dispatch.").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void resumesFromLastEventIdHeaderOrQueryWithNoGapOrDuplicate() {
        for (boolean byHeader : List.of(true, false)) {
            long first;
            try (SseClient live = open(base, "?type=dispatch.accepted")) {
                for (String hero : List.of("R1", "R2", "R3")) {
                    given().post("/missions/dispatch?hero=" + hero).then().statusCode(202);
                }
                first = Long.parseLong(live.nextEvent().id());
                long second = Long.parseLong(live.nextEvent().id());
                long third = Long.parseLong(live.nextEvent().id());
                String query = "?type=dispatch.accepted" + (byHeader ? "" : "&lastEventId=" + first);
                Map<String, String> headers = byHeader ? Map.of("Last-Event-ID", Long.toString(first)) : Map.of();
                try (SseClient resumed = open(base, query, headers)) {
                    assertEquals(Long.toString(second), resumed.nextEvent().id());
                    assertEquals(Long.toString(third), resumed.nextEvent().id());
                    given().post("/missions/dispatch?hero=R4").then().statusCode(202);
                    String liveId = live.nextEvent().id();
                    assertEquals(liveId, resumed.nextEvent().id(), "live events follow the replay");
                }
            }
        }
        given().header("Last-Event-ID", "yesterday")
                .get("/missions/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/missions/events?lastEventId=-4").then().statusCode(400);
    }
}
