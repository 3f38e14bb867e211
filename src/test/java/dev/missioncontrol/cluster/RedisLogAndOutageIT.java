package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mission log in Redis, shared by two packaged instances and kept across restarts of both; and what an instance
 * does while Redis is away: readiness DOWN, dispatch 503 (never a 202 it could lose), then both back by themselves.
 */
class RedisLogAndOutageIT {

    private RedisFixture deployment;

    @BeforeEach
    void setUp() throws Exception {
        deployment = RedisFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    private ServiceProcess start(String name) throws Exception {
        return deployment.instance(name, Map.of());
    }

    @Test
    void bothInstancesAnswerTheSameLogAndItOutlivesThem() throws Exception {
        ServiceProcess a = start("log-a");
        ServiceProcess b = start("log-b");
        for (int i = 0; i < 6; i++) {
            assertEquals(
                    202,
                    (i % 2 == 0 ? a : b)
                            .post("/missions/dispatch?hero=Logged" + i)
                            .statusCode());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.missionLog().size() == 6);
        assertEquals(a.missionLog(), b.missionLog(), "one log for every instance");
        List<String> before = a.missionLog();
        a.terminate();
        b.terminate();
        assertEquals(0, a.exitCode(Duration.ofSeconds(30)) % 143);
        assertEquals(0, b.exitCode(Duration.ofSeconds(30)) % 143);

        ServiceProcess again = start("log-again");
        assertEquals(before, again.missionLog(), "the log survives a restart of every instance");
    }

    @Test
    void whileRedisIsAwayReadinessIsDownAndDispatchIs503ThenBothComeBack() throws Exception {
        ServiceProcess a = start("outage-a");
        assertEquals(202, a.post("/missions/dispatch?hero=Before").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.missionLog().contains("Before"));

        deployment.redis().kill();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.get("/q/health/ready").statusCode() == 503);
        HttpResponse<String> refused = a.post("/missions/dispatch?hero=Away");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(a.isAlive(), "losing Redis never stops the instance");

        deployment.redis().restart();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> a.get("/q/health/ready").statusCode() == 200);
        assertEquals(202, a.post("/missions/dispatch?hero=After").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.missionLog().contains("After"));
        assertEquals(
                List.of("Before", "After"),
                a.missionLog(),
                "kept by Redis's append-only file, and nothing refused was added");
    }
}
