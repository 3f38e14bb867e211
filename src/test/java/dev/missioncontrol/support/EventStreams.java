package dev.missioncontrol.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Opens {@code /missions/events} and checks its opening frames; reads event data as JSON. */
public final class EventStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventStreams() {}

    /** Opens the stream and consumes {@code retry: 3000} and {@code connected}, checking both. */
    public static SseClient open(URI base, String query, Map<String, String> headers) {
        SseClient client = SseClient.open(base.resolve("/missions/events" + query), headers);
        assertEquals(200, client.status());
        assertEquals(3000L, client.next().retry());
        SseClient.Frame connected = client.next();
        assertEquals("connected", connected.event());
        JsonNode data = json(connected);
        assertEquals("ok", data.get("status").asText());
        Instant.parse(data.get("ts").asText());
        return client;
    }

    public static SseClient open(URI base, String query) {
        return open(base, query, Map.of());
    }

    public static JsonNode json(SseClient.Frame frame) {
        try {
            return JSON.readTree(frame.data());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + frame.data(), e);
        }
    }

    /** The next event, which must be of this type, carry an id and a {@code ts}. */
    public static SseClient.Frame next(SseClient client, String type) {
        SseClient.Frame frame = client.nextEvent();
        assertEquals(type, frame.event(), () -> "frame " + frame);
        assertNotNull(frame.id());
        Instant.parse(json(frame).get("ts").asText());
        return frame;
    }
}
