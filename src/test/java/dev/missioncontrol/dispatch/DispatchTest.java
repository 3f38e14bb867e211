package dev.missioncontrol.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch and the mission log: 202 at once, the hero recorded after, bad input refused with nothing recorded. */
@QuarkusTest
class DispatchTest {

    private static List<String> log() {
        return given().get("/missions/log")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath()
                .getList("dispatched", String.class);
    }

    private static void awaitRecorded(String hero) {
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains(hero));
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aDeclaredBodyOverTheLimitIs413AtOnceBeforeItIsRead() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            // Far below the idle timeout (60 s): the answer must come from the header, not from a stalled body.
            socket.setSoTimeout(3000);
            socket.getOutputStream()
                    .write(("POST /missions/dispatch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 10485760\r\n\r\n" + "x".repeat(1024))
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = reader.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413 "), String.valueOf(status));
        }
    }

    @Test
    void queryDispatchAnswers202ThenRecords() {
        String body = given().post("/missions/dispatch?hero=Volt")
                .then()
                .statusCode(202)
                .contentType(startsWith("application/json"))
                .extract()
                .asString();
        assertEquals("{\"dispatched\":\"Volt\"}", body);
        awaitRecorded("Volt");
    }

    @Test
    void theLocationTellsWhereTheDispatchIs() {
        io.restassured.response.Response accepted = given().post("/missions/dispatch?hero=Located");
        accepted.then().statusCode(202).header("Location", matchesPattern("dispatches/[0-9a-f-]{36}"));
        String location = "/missions/" + accepted.header("Location");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "recorded"
                        .equals(given().get(location)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("status")));
        given().get(location)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo(location.substring(location.lastIndexOf('/') + 1)))
                .body("hero", equalTo("Located"))
                .body("acceptedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("recordedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        given().get("/missions/dispatches/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/missions/dispatches/not-an-id").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theLogTellsWhenEachHeroWasRecordedWhenAsked() {
        given().post("/missions/dispatch?hero=Timed").then().statusCode(202);
        awaitRecorded("Timed");
        io.restassured.path.json.JsonPath log = given().get("/missions/log?times=true")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> heroes = log.getList("dispatched", String.class);
        List<String> times = log.getList("recordedAt", String.class);
        assertEquals(heroes.size(), times.size());
        assertTrue(times.get(heroes.lastIndexOf("Timed")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z"), times.toString());
        given().get("/missions/log").then().body("recordedAt", org.hamcrest.Matchers.nullValue());
        given().get("/missions/log?times=maybe").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void formAndJsonBodiesAreAccepted() {
        // The same hero in the query and the body is one hero; a body of another media type is not read.
        given().queryParam("hero", "Gale")
                .contentType(ContentType.JSON)
                .body("{\"hero\":\"Gale\"}")
                .post("/missions/dispatch")
                .then()
                .statusCode(202)
                .body("dispatched", equalTo("Gale"));
        given().queryParam("hero", "Hail")
                .contentType(ContentType.TEXT)
                .body("Someone else")
                .post("/missions/dispatch")
                .then()
                .statusCode(202)
                .body("dispatched", equalTo("Hail"));
        given().formParam("hero", "Storm")
                .post("/missions/dispatch")
                .then()
                .statusCode(202)
                .body("dispatched", equalTo("Storm"));
        given().contentType(ContentType.JSON)
                .body("{\"hero\":\"Cyclone\"}")
                .post("/missions/dispatch")
                .then()
                .statusCode(202)
                .body("dispatched", equalTo("Cyclone"));
        awaitRecorded("Storm");
        awaitRecorded("Cyclone");
    }

    @Test
    void logKeepsRecordingOrder() {
        for (String hero : List.of("Order-1", "Order-2", "Order-3")) {
            given().post("/missions/dispatch?hero=" + hero).then().statusCode(202);
            awaitRecorded(hero);
        }
        List<String> log = log();
        assertEquals(
                List.of("Order-1", "Order-2", "Order-3"),
                log.subList(log.indexOf("Order-1"), log.indexOf("Order-1") + 3));
    }

    @Test
    void sixtyFourCodePointsOutsideTheBmpAreAccepted() {
        String hero = "🦸".repeat(64);
        given().contentType(ContentType.JSON)
                .body("{\"hero\":\"" + hero + "\"}")
                .post("/missions/dispatch")
                .then()
                .statusCode(202)
                .body("dispatched", equalTo(hero));
        awaitRecorded(hero);
    }

    @Test
    void badInputIsRefusedAndNothingIsRecorded() {
        List<String> before = log();
        assertProblem(given().post("/missions/dispatch"), "hero is required");
        assertProblem(given().queryParam("hero", "   ").post("/missions/dispatch"), "hero is required");
        assertProblem(
                given().queryParam("hero", "🦸".repeat(65)).post("/missions/dispatch"),
                "hero must be at most 64 characters");
        assertProblem(
                given().queryParam("hero", "Vo\u0007lt").post("/missions/dispatch"),
                "hero must not contain control characters");
        assertProblem(
                given().queryParam("hero", "Volt\nStorm").post("/missions/dispatch"),
                "hero must not contain control characters");
        assertProblem(
                given().contentType(ContentType.JSON).body("{\"hero\":").post("/missions/dispatch"),
                "malformed JSON body");
        assertProblem(
                given().contentType(ContentType.JSON).body("[\"Volt\"]").post("/missions/dispatch"),
                "malformed JSON body");
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/missions/dispatch"), "hero is required");
        assertProblem(given().formParam("hero", "").post("/missions/dispatch"), "hero is required");
        assertProblem(
                given().queryParam("hero", "Volt")
                        .contentType(ContentType.JSON)
                        .body("{\"hero\":\"Storm\"}")
                        .post("/missions/dispatch"),
                "hero given twice with different values");
        given().contentType(ContentType.JSON)
                .body("{\"hero\":\"" + "x".repeat(70_000) + "\"}")
                .post("/missions/dispatch")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        given().get("/missions/dispatch")
                .then()
                .statusCode(405)
                .header("Allow", "POST")
                .contentType("application/problem+json")
                .body("status", equalTo(405));
        // A good dispatch after the bad ones: once it is recorded, anything accepted before it would be too.
        given().post("/missions/dispatch?hero=Sentinel").then().statusCode(202);
        awaitRecorded("Sentinel");
        List<String> expected = new ArrayList<>(before);
        expected.add("Sentinel");
        assertEquals(expected, log());
    }

    private static void assertProblem(io.restassured.response.Response response, String detail) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", startsWith(detail));
    }

    @Test
    void unknownPathsAnswerProblemJson() {
        given().get("/missions/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/missions/log").then().body("dispatched", org.hamcrest.Matchers.notNullValue());
        given().post("/missions/dispatch?hero=Echo").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/missions/log").then().body("dispatched", hasItem("Echo")));
    }
}
