package dev.missioncontrol.comms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.RedisFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' relays on one real Redis: a room message reaches both once, the probe reaches no member, and the
 * relay counts as delivering only while its probe comes back.
 */
class RedisRoomRelayTest {

    private RedisFixture redis;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** The only setting the relay reads: presence-ttl. */
    private static CommsConfig config() {
        return (CommsConfig) Proxy.newProxyInstance(
                CommsConfig.class.getClassLoader(), new Class<?>[] {CommsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("presenceTtl")) {
                        return Duration.ofSeconds(15);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private RedisRoomRelay relay(List<String> heard) {
        RedisRoomRelay relay =
                new RedisRoomRelay(redis.link(new SimpleMeterRegistry()), config(), new SimpleMeterRegistry());
        relay.start((room, text) -> heard.add(room + ":" + text));
        return relay;
    }

    @Test
    void messagesReachEveryInstanceOnceAndProbesReachNoMember() throws Exception {
        List<String> onA = new CopyOnWriteArrayList<>();
        List<String> onB = new CopyOnWriteArrayList<>();
        RedisRoomRelay a = relay(onA);
        RedisRoomRelay b = relay(onB);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        a.deliveryProblem().isEmpty() && b.deliveryProblem().isEmpty());
        a.publish("hq", "assemble");
        await().atMost(Duration.ofSeconds(5)).until(() -> onA.size() == 1 && onB.size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> onA.size() == 1);
        assertEquals(List.of("hq:assemble"), onA, "each instance's probes went by, none delivered");
        assertEquals(List.of("hq:assemble"), onB);
    }

    @Test
    void theRelayCountsAsDeliveringOnlyWhileItsProbeComesBack() throws Exception {
        RedisRoomRelay a = relay(new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.deliveryProblem().isEmpty());
        // Writes (PUBLISH among them) paused: the connections stay open, nothing published comes back.
        redis.link(new SimpleMeterRegistry())
                .send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(8000).arg("WRITE"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(8)).until(() -> a.deliveryProblem().isPresent());
        assertTrue(a.deliveryProblem().orElseThrow().startsWith("no comms message published here came back"));
        redis.link(new SimpleMeterRegistry())
                .send(Request.cmd(Command.CLIENT).arg("UNPAUSE"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(8)).until(() -> a.deliveryProblem().isEmpty());
    }
}
