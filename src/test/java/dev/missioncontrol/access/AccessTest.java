package dev.missioncontrol.access;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.ChatFrames;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer tokens, origins and per-client limits, over real connections. */
@QuarkusTest
@TestProfile(AccessTest.Hardened.class)
class AccessTest {

    static final String TOKEN = "alpha-7f3c9e1d2b";
    static final String WRONG = "not-a-valid-token-4471";
    static final String ORIGIN = "https://ops.example";
    static final Path LOG = Path.of("target/access-test.log");

    public static class Hardened implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("mission-control.auth.tokens", "other-token-0000," + TOKEN),
                    Map.entry("mission-control.comms.allowed-origins", ORIGIN + ",https://wall.example"),
                    Map.entry("mission-control.events.max-subscribers", "3"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()),
                    Map.entry("quarkus.log.file.level", "ALL"),
                    Map.entry("quarkus.log.category.\"io.quarkus.security\".level", "ALL"),
                    Map.entry("quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "ALL"),
                    Map.entry("quarkus.log.category.\"io.quarkus.websockets.next\".level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"dev.missioncontrol\".level", "ALL"));
        }
    }

    @TestHTTPResource("/")
    URI base;

    private URI ws(String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "comms" + query);
    }

    private static io.restassured.response.Response call(String endpoint, RequestSpecification request) {
        return switch (endpoint) {
            case "log" -> request.get("/missions/log");
            case "dispatch" -> request.post("/missions/dispatch?hero=Guard");
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    @Test
    void restEndpointsNeedAValidTokenByHeaderOrQuery() {
        for (String endpoint : List.of("log", "dispatch")) {
            assertUnauthorized(call(endpoint, given()));
            assertUnauthorized(call(endpoint, given().header("Authorization", "Bearer " + WRONG)));
            assertUnauthorized(call(endpoint, given().queryParam("access_token", WRONG)));
            assertUnauthorized(call(endpoint, given().header("Authorization", "Basic " + TOKEN)));
            int ok = endpoint.equals("log") ? 200 : 202;
            call(endpoint, given().header("Authorization", "Bearer " + TOKEN))
                    .then()
                    .statusCode(ok);
            call(endpoint, given().queryParam("access_token", TOKEN)).then().statusCode(ok);
        }
    }

    private static void assertUnauthorized(io.restassured.response.Response response) {
        response.then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void streamsNeedAValidTokenByHeaderOrQuery() {
        for (String path : List.of("/missions/events", "/missions/feed")) {
            try (SseClient none = SseClient.open(base.resolve(path))) {
                assertEquals(401, none.status());
                assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
            }
            try (SseClient wrong = SseClient.open(base.resolve(path + "?access_token=" + WRONG))) {
                assertEquals(401, wrong.status());
                assertEquals("application/problem+json", wrong.header("Content-Type"));
            }
            try (SseClient byQuery = SseClient.open(base.resolve(path + "?access_token=" + TOKEN))) {
                assertEquals(200, byQuery.status());
                assertTrue(!"<eof>".equals(byQuery.next().event()));
            }
            try (SseClient byHeader = SseClient.open(base.resolve(path), Map.of("Authorization", "Bearer " + TOKEN))) {
                assertEquals(200, byHeader.status());
                assertTrue(!"<eof>".equals(byHeader.next().event()));
            }
        }
    }

    @Test
    void commsUpgradeIsRefusedWithoutAValidTokenOrFromAnUnlistedOrigin() {
        assertEquals(401, WsClient.refusedStatus(ws(""), Map.of("Origin", ORIGIN)));
        assertEquals(401, WsClient.refusedStatus(ws("?access_token=" + WRONG), Map.of("Origin", ORIGIN)));
        assertEquals(401, WsClient.refusedStatus(ws(""), Map.of("Origin", ORIGIN, "Authorization", "Bearer " + WRONG)));
        assertEquals(
                403, WsClient.refusedStatus(ws("?access_token=" + TOKEN), Map.of("Origin", "https://evil.example")));
        assertEquals(403, WsClient.refusedStatus(ws("?access_token=" + TOKEN), Map.of()));
        try (WsClient byQuery = WsClient.connect(ws("?access_token=" + TOKEN), Map.of("Origin", ORIGIN));
                WsClient byHeader = WsClient.connect(
                        ws(""), Map.of("Origin", "HTTPS://WALL.example", "Authorization", "Bearer " + TOKEN))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                byQuery.send("{\"event\":\"chat\",\"text\":\"in\"}");
                return ChatFrames.summary(byHeader.next()).equals("in@hq");
            });
        }
    }

    @Test
    void healthMetricsAndTheDashboardStayOpen() {
        given().header("Authorization", "Bearer " + WRONG)
                .get("/q/health/live")
                .then()
                .statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void eventStreamSubscribersAreLimited() {
        List<SseClient> open = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            given().get("/q/metrics").asString().contains("mission_control_events_subscribers 0.0"));
            for (int i = 0; i < 3; i++) {
                SseClient client = SseClient.open(base.resolve("/missions/events?access_token=" + TOKEN));
                assertEquals(200, client.status());
                open.add(client);
            }
            given().queryParam("access_token", TOKEN)
                    .get("/missions/events")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", equalTo("1"))
                    .contentType("application/problem+json");
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (SseClient again = SseClient.open(base.resolve("/missions/events?access_token=" + TOKEN))) {
                    return again.status() == 200;
                }
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void tokensNeverReachTheLogs() throws Exception {
        given().header("Authorization", "Bearer " + TOKEN)
                .get("/missions/log")
                .then()
                .statusCode(200);
        given().queryParam("access_token", TOKEN).get("/missions/log").then().statusCode(200);
        given().header("Authorization", "Bearer " + WRONG)
                .get("/missions/log")
                .then()
                .statusCode(401);
        given().queryParam("access_token", WRONG).get("/missions/log").then().statusCode(401);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(LOG) && Files.size(LOG) > 0);
        String log = Files.readString(LOG);
        assertTrue(
                log.contains("Authentication") || log.contains("authentication") || log.contains("dev.missioncontrol"),
                "the log captured security logging at this level");
        assertFalse(log.contains(TOKEN), "a valid token was logged");
        assertFalse(log.contains(WRONG), "a presented token was logged");
        assertFalse(log.contains("other-token-0000"), "a configured token was logged");
    }
}
