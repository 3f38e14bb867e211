package dev.missioncontrol.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A long scramble: the 202 does not wait for it, and max-pending bounds what may wait. */
@QuarkusTest
@TestProfile(SlowDispatchTest.Slow.class)
class SlowDispatchTest {

    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.dispatch.scramble-time", "2s", "mission-control.dispatch.max-pending", "2");
        }
    }

    @Test
    void answersBeforeTheScrambleAndRefusesPastMaxPending() {
        given().post("/missions/dispatch?hero=Quick").then().statusCode(202).body("dispatched", equalTo("Quick"));
        // The scramble takes 2 s: the 202 came first, so the hero cannot be in the log yet.
        given().get("/missions/log").then().body("dispatched", not(hasItem("Quick")));
        given().post("/missions/dispatch?hero=Silver").then().statusCode(202);
        given().post("/missions/dispatch?hero=Overflow")
                .then()
                .statusCode(503)
                .header("Retry-After", equalTo("1"))
                .contentType("application/problem+json")
                .body("status", equalTo(503));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> given().get("/missions/log").then().body("dispatched", hasItems("Quick", "Silver")));
        given().get("/missions/log").then().body("dispatched", not(hasItem("Overflow")));
        given().post("/missions/dispatch?hero=Later").then().statusCode(202);
    }
}
