package dev.missioncontrol.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.dispatch.DispatchTracing;
import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.WsClient;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tracing with an SDK and an in-memory exporter (tracing is off by default): a dispatch whose request carries a W3C
 * {@code traceparent} makes one trace, the client's, from the HTTP request to the record, which a background task on
 * another thread did after a scramble; the record span is the request span's child. A comms connection makes no span:
 * it lives for hours, and a span for it would say nothing.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
class TracingTest {

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled",
                    "false",
                    "quarkus.otel.exporter.otlp.enabled",
                    "false",
                    "quarkus.otel.bsp.schedule.delay",
                    "50ms",
                    "mission-control.dispatch.scramble-time",
                    "300ms");
        }
    }

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @TestHTTPResource("/comms")
    URI comms;

    /** @return the hero a dispatch's record span names, or null for another span */
    private static String hero(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("mission_control.dispatch.hero"))
                .map(e -> String.valueOf(e.getValue()))
                .findFirst()
                .orElse(null);
    }

    /** @return whether the record span of the dispatch of this hero has been exported */
    private boolean recorded(String hero) {
        return spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals(DispatchTracing.RECORD_SPAN) && hero.equals(hero(s)));
    }

    private Optional<SpanData> span(String traceId, java.util.function.Predicate<SpanData> which) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .filter(which)
                .findFirst();
    }

    @Test
    void aDispatchIsOneTraceFromTheRequestToItsRecord() {
        given().header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .post("/missions/dispatch?hero=Traced")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> span(TRACE_ID, s -> s.getName().equals(DispatchTracing.RECORD_SPAN))
                        .isPresent());
        SpanData request = span(TRACE_ID, s -> s.getKind() == SpanKind.SERVER)
                .orElseThrow(() ->
                        new AssertionError("no server span in the client's trace: " + spans.getFinishedSpanItems()));
        SpanData record = span(TRACE_ID, s -> s.getName().equals(DispatchTracing.RECORD_SPAN))
                .orElseThrow();
        assertEquals(CLIENT_SPAN, request.getParentSpanId(), "the request continues the client's traceparent");
        assertEquals(request.getSpanId(), record.getParentSpanId(), "the record is the request's child");
        assertEquals("Traced", hero(record));
        long waitedNanos = record.getEndEpochNanos() - record.getStartEpochNanos();
        assertTrue(waitedNanos >= Duration.ofMillis(300).toNanos(), "the span covers the scramble: " + waitedNanos);
    }

    @Test
    void aDispatchWithoutTraceparentStartsATraceOfItsOwn() {
        given().post("/missions/dispatch?hero=Untraced").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded("Untraced"));
        SpanData record = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(DispatchTracing.RECORD_SPAN) && "Untraced".equals(hero(s)))
                .findFirst()
                .orElseThrow();
        assertTrue(
                spans.getFinishedSpanItems().stream()
                        .anyMatch(s ->
                                s.getKind() == SpanKind.SERVER && s.getSpanId().equals(record.getParentSpanId())),
                "its parent is the request's span");
    }

    @Test
    void aCommsConnectionMakesNoSpans() {
        try (WsClient client = WsClient.connect(URI.create(comms.toString().replaceFirst("^http", "ws")))) {
            client.send("{\"event\":\"chat\",\"text\":\"traced?\"}");
            assertEquals("traced?@hq", ChatFrames.summary(client.next()));
        }
        // A dispatch after the connection closed, recorded 300 ms later: once its record span is exported, a span the
        // connection made on opening or closing, ended long before, has been exported too.
        given().post("/missions/dispatch?hero=AfterComms").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded("AfterComms"));
        assertEquals(
                List.of(),
                spans.getFinishedSpanItems().stream()
                        .map(SpanData::getName)
                        .filter(name -> name.contains("comms"))
                        .toList(),
                "spans of the comms connection");
    }
}
