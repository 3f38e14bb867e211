package dev.missioncontrol.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.RedisServer;
import dev.missioncontrol.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private final List<ServiceProcess> services = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(RedisServer.missing().isEmpty(), () -> RedisServer.missing().get());
        redis = RedisServer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ServiceProcess service : services) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private ServiceProcess start(String name) throws Exception {
        ServiceProcess service = ServiceProcess.start(name, Map.of("mission-control.transport", "redis",
                "mission-control.redis.url", redis.url()));
        services.add(service);
        return service;
    }

    private static List<String> log(ServiceProcess service) throws Exception {
        HttpResponse<String> response = service.get("/missions/log");
        assertEquals(200, response.statusCode(), response.body());
        List<String> log = new ArrayList<>();
        JSON.readTree(response.body()).get("dispatched").forEach(hero -> log.add(hero.asText()));
        return log;
    }

    @Test
    void bothInstancesAnswerTheSameLogAndItOutlivesThem() throws Exception {
        ServiceProcess a = start("log-a");
        ServiceProcess b = start("log-b");
        for (int i = 0; i < 6; i++) {
            assertEquals(202, (i % 2 == 0 ? a : b).post("/missions/dispatch?hero=Logged" + i).statusCode());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log(a).size() == 6);
        assertEquals(log(a), log(b), "one log for every instance");
        List<String> before = log(a);
        a.terminate();
        b.terminate();
        assertEquals(0, a.exitCode(Duration.ofSeconds(30)) % 143);
        assertEquals(0, b.exitCode(Duration.ofSeconds(30)) % 143);

        ServiceProcess again = start("log-again");
        assertEquals(before, log(again), "the log survives a restart of every instance");
    }

    @Test
    void whileRedisIsAwayReadinessIsDownAndDispatchIs503ThenBothComeBack() throws Exception {
        ServiceProcess a = start("outage-a");
        assertEquals(202, a.post("/missions/dispatch?hero=Before").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> log(a).contains("Before"));

        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/q/health/ready").statusCode() == 503);
        HttpResponse<String> refused = a.post("/missions/dispatch?hero=Away");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(a.isAlive(), "losing Redis never stops the instance");

        redis.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.get("/q/health/ready").statusCode() == 200);
        assertEquals(202, a.post("/missions/dispatch?hero=After").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> log(a).contains("After"));
        assertEquals(List.of("Before", "After"), log(a), "kept by Redis's append-only file, and nothing refused was added");
    }
}
