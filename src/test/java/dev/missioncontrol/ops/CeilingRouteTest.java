package dev.missioncontrol.ops;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's reference route is not served unless asked for; with it on, the benchmark's smoke run
 * ({@code bench.BenchmarkSmokeIT}) posts to it and checks every answer is a 2xx.
 */
@QuarkusTest
class CeilingRouteTest {

    @Test
    void offByDefault() {
        given().post(CeilingRoute.PATH).then().statusCode(404);
    }
}
