package dev.missioncontrol.log;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mission-control.log.retain} and {@code GET /missions/log?limit=N}, over HTTP. */
@QuarkusTest
@TestProfile(MissionLogRetainTest.Small.class)
class MissionLogRetainTest {

    /** A log of five entries. */
    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.log.retain", "5");
        }
    }

    private static List<String> log(String query) {
        return given().get("/missions/log" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("dispatched", String.class);
    }

    @Test
    void theLogKeepsTheNewestRetainAndLimitReturnsTheNewestN() {
        for (int i = 1; i <= 8; i++) {
            given().post("/missions/dispatch?hero=Hero" + i).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log("").contains("Hero8"));
        assertEquals(List.of("Hero4", "Hero5", "Hero6", "Hero7", "Hero8"), log(""), "oldest dropped first");
        assertEquals(List.of("Hero7", "Hero8"), log("?limit=2"), "the newest two, oldest first");
        assertEquals(log(""), log("?limit=100"));
    }

    @Test
    void aBadLimitIsAProblemAndChangesNothing() {
        for (String bad : new String[] {"0", "-1", "two", "1.5", "10000001", "99999999999", "%2B5"}) {
            given().get("/missions/log?limit=" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit"));
        }
    }
}
