package dev.missioncontrol.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A hero is text, validly encoded, given once: everything else is {@code 400}, records nothing, and is described in
 * terms of the input, never of the implementation.
 */
@QuarkusTest
class StrictDispatchInputTest {

    /** Words of the implementation that must never reach a client. */
    private static final Pattern IMPLEMENTATION =
            Pattern.compile("java\\.|JsonToken|DispatchRequest|Jackson|fasterxml|Exception|String\\b|Integer|Boolean");

    // Bodies and queries exactly as written: no re-encoding by the client library.
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private static String refused(Response response) {
        response.then().statusCode(400).contentType("application/problem+json");
        String detail = response.jsonPath().getString("detail");
        assertFalse(IMPLEMENTATION.matcher(detail).find(), "the detail names the implementation: " + detail);
        return detail;
    }

    private static Response query(String rawQuery) {
        return given().config(RAW).urlEncodingEnabled(false).post("/missions/dispatch?" + rawQuery);
    }

    private static Response form(String rawBody) {
        return given().config(RAW)
                .contentType("application/x-www-form-urlencoded")
                .body(rawBody)
                .post("/missions/dispatch");
    }

    private static Response json(String body) {
        return given().config(RAW)
                .contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/missions/dispatch");
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    private String rawPost(String target) {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void invalidPercentEncodedUtf8IsRefused() {
        assertEquals("the query is not valid UTF-8", refused(query("hero=%C3%28")));
        assertEquals("the query is not valid UTF-8", refused(query("hero=%ED%A0%80"))); // an encoded surrogate
        assertEquals("the form is not valid UTF-8", refused(form("hero=%FF%FE")));
        // No client library sends a malformed escape, so this one goes over a raw socket. Vert.x's router refuses
        // it before any route runs (a bare 400); the dispatch route's own check would say so in problem JSON.
        String answer = rawPost("/missions/dispatch?hero=%G1");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void theSameParameterTwiceIsRefused() {
        assertEquals("hero given more than once in the query", refused(query("hero=A&hero=B")));
        assertEquals("hero given more than once in the query", refused(query("hero=A&hero=A")));
        assertEquals("hero given more than once in the form", refused(form("hero=A&hero=B")));
        refused(json("{\"hero\":\"A\",\"hero\":\"B\"}"));
    }

    @Test
    void jsonMustHoldOneObjectWithAStringHero() {
        assertEquals("hero must be a JSON string", refused(json("{\"hero\":42}")));
        assertEquals("hero must be a JSON string", refused(json("{\"hero\":true}")));
        assertEquals("hero must be a JSON string", refused(json("{\"hero\":[\"Volt\"]}")));
        refused(json("{\"hero\":\"Volt\"} trailing"));
        refused(json("{\"hero\":\"Volt\"}{\"hero\":\"Storm\"}"));
        refused(json("{\"hero\":"));
        assertEquals(
                "hero must be valid Unicode text (it holds a lone surrogate)", refused(json("{\"hero\":\"\\ud800\"}")));
        refused(json("{\"hero\":\"Vo\\udc00lt\"}"));
    }

    @Test
    void blankOrInvisibleNamesAreRefused() {
        for (String blank : List.of("\u00a0", "\u3000", "\u2007\u202f", " \u00a0 ")) {
            assertEquals(
                    "hero is required", refused(json("{\"hero\":\"" + blank + "\"}")), "U+" + (int) blank.charAt(0));
        }
        for (String invisible : List.of("Volt\u202e", "Vo\u200blt", "\u2066Volt\u2069", "\ufeffVolt", "Vo\u200dlt")) {
            assertEquals(
                    "hero must not contain invisible format characters",
                    refused(json("{\"hero\":\"" + invisible + "\"}")));
        }
    }

    @Test
    void nothingRefusedIsRecorded() {
        refused(query("hero=%C3%28"));
        refused(query("hero=Twice&hero=Twice"));
        refused(json("{\"hero\":42}"));
        refused(json("{\"hero\":\"Volt\u202e\"}"));
        given().post("/missions/dispatch?hero=Strict-Sentinel").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/missions/log").asString().contains("Strict-Sentinel"));
        String log = given().get("/missions/log").asString();
        for (String hero : List.of("\"Twice\"", "\"42\"", "\uFFFD")) {
            assertFalse(log.contains(hero), hero + " in " + log);
        }
    }

    @Test
    void validTextInEveryFormIsAccepted() {
        query("hero=Gr%C3%BC%C3%9Fe+%F0%9F%A6%B8")
                .then()
                .statusCode(202)
                .body("dispatched", org.hamcrest.Matchers.equalTo("Grüße 🦸"));
        form("hero=Caf%C3%A9").then().statusCode(202).body("dispatched", org.hamcrest.Matchers.equalTo("Café"));
        json("{\"hero\":\"\\ud83e\\uddb8 Hero\"}")
                .then()
                .statusCode(202)
                .body("dispatched", org.hamcrest.Matchers.equalTo("🦸 Hero"));
    }
}
