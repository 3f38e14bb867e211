package dev.missioncontrol.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on dispatch (draft-ietf-httpapi-idempotency-key-header): a retry is answered as the first
 * request and recorded once, concurrent retries too; another hero under the same key is 422; bad keys are 400; keys
 * expire after the TTL (3 s here) and at most 4 are held here.
 */
@QuarkusTest
@TestProfile(IdempotencyTest.ShortLived.class)
class IdempotencyTest {

    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mission-control.dispatch.idempotency-ttl",
                    "3s",
                    "mission-control.dispatch.idempotency-sweep",
                    "500ms",
                    "mission-control.dispatch.idempotency-max-keys",
                    "4");
        }
    }

    private static Response dispatch(String key, String hero) {
        return given().header("Idempotency-Key", key).queryParam("hero", hero).post("/missions/dispatch");
    }

    private static long recorded(String hero) {
        return given().get("/missions/log").jsonPath().getList("dispatched", String.class).stream()
                .filter(hero::equals)
                .count();
    }

    /** Dispatches a sentinel and waits for it: anything accepted before it is recorded by then. */
    private static void settle() {
        String sentinel = "Sentinel-" + UUID.randomUUID();
        given().post("/missions/dispatch?hero=" + sentinel).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(sentinel) == 1);
    }

    private static void awaitNoKeysHeld() {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        given().get("/q/metrics").asString().contains("mission_control_dispatch_idempotency_keys 0.0"));
    }

    @Test
    void aRetryGetsTheSameAnswerAndIsRecordedOnce() {
        awaitNoKeysHeld();
        double repeatsBefore = Metrics.value("mission_control_dispatch_idempotent_repeats_total");
        String key = "\"" + UUID.randomUUID() + "\"";
        Response first = dispatch(key, "Once");
        Response again = dispatch(key, "Once");
        first.then().statusCode(202);
        again.then().statusCode(202);
        assertEquals("{\"dispatched\":\"Once\"}", first.asString());
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("Location"), again.header("Location"), "the same dispatch");
        settle();
        assertEquals(1, recorded("Once"));
        assertEquals(repeatsBefore + 1, Metrics.value("mission_control_dispatch_idempotent_repeats_total"));
    }

    @Test
    void concurrentRetriesAreRecordedOnce() throws Exception {
        awaitNoKeysHeld();
        String key = UUID.randomUUID().toString(); // bare, as many clients send it
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(CompletableFuture.supplyAsync(
                    () -> dispatch(key, "Together").statusCode(), pool));
        }
        for (CompletableFuture<Integer> status : statuses) {
            int code = status.join();
            assertTrue(code == 202 || code == 409, "202, or 409 while the first is in progress: " + code);
        }
        pool.shutdown();
        assertEquals(202, dispatch(key, "Together").statusCode(), "once the first is done, a retry gets its answer");
        settle();
        assertEquals(1, recorded("Together"));
    }

    @Test
    void theSameKeyForAnotherHeroIs422() {
        awaitNoKeysHeld();
        String key = "\"" + UUID.randomUUID() + "\"";
        dispatch(key, "First").then().statusCode(202);
        dispatch(key, "Second")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Unprocessable Content"))
                .body(
                        "detail",
                        equalTo("this Idempotency-Key was used for another hero; use a new key for a new dispatch"));
        settle();
        assertEquals(0, recorded("Second"));
    }

    @Test
    void badKeysAre400AndRecordNothing() {
        for (String bad : List.of(
                "\"" + "k".repeat(256) + "\"",
                "\"unterminated",
                "\"\"",
                "two words",
                "\"a\"b",
                "\"bad \\escape\"",
                "é")) {
            dispatch(bad, "Bad-Key").then().statusCode(400).contentType("application/problem+json");
        }
        given().header("Idempotency-Key", "\"a\"")
                .header("Idempotency-Key", "\"b\"")
                .queryParam("hero", "Bad-Key")
                .post("/missions/dispatch")
                .then()
                .statusCode(400)
                .body("detail", equalTo("Idempotency-Key given more than once"));
        dispatch("\"" + "k".repeat(255) + "\"", "Long-Key").then().statusCode(202);
        settle();
        assertEquals(0, recorded("Bad-Key"));
    }

    @Test
    void keysExpireAndAreBounded() {
        awaitNoKeysHeld();
        String key = "\"" + UUID.randomUUID() + "\"";
        dispatch(key, "Expiring").then().statusCode(202);
        for (int i = 0; i < 3; i++) {
            dispatch("\"" + UUID.randomUUID() + "\"", "Filler").then().statusCode(202);
        }
        dispatch("\"" + UUID.randomUUID() + "\"", "One-Too-Many")
                .then()
                .statusCode(503)
                .header("Retry-After", "1");
        dispatch(key, "Expiring").then().statusCode(202); // a repeat needs no new place
        // After the TTL the sweep frees every place, and the same key dispatches anew.
        awaitNoKeysHeld();
        dispatch(key, "Expiring").then().statusCode(202);
        settle();
        assertEquals(2, recorded("Expiring"));
        assertEquals(0, recorded("One-Too-Many"));
    }
}
