package dev.missioncontrol.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.log.LogEntry;
import dev.missioncontrol.log.MissionLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shutdown drain counts exactly what it recorded, while dispatches are still arriving as it starts: with a long
 * scramble none is recorded before the drain, so its count must equal the number of {@code 202}s, and every one of
 * them is in the log. (The count was once read before dispatch stopped, and a dispatch accepted in between was
 * recorded but not counted.)
 */
@QuarkusTest
@TestProfile(DispatchDrainTest.LongScramble.class)
class DispatchDrainTest {

    public static class LongScramble implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mission-control.dispatch.scramble-time", "60s");
        }
    }

    @Inject
    Dispatcher dispatcher;

    @Inject
    MissionLog log;

    @Test
    void theDrainCountsEveryDispatchAcceptedWhileItStarts() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int client = t;
            clients.execute(() -> {
                for (int i = 0; ; i++) {
                    int status = given().post("/missions/dispatch?hero=Drain-" + client + "-" + i)
                            .statusCode();
                    if (status == 202) {
                        accepted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                        return;
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() >= 200);
        Dispatcher.Drained drained = dispatcher.drain(Duration.ofSeconds(30));
        clients.shutdown();
        assertTrue(clients.awaitTermination(20, TimeUnit.SECONDS));
        assertEquals(4, refused.get(), "every client was refused once the drain began");
        assertEquals(0, drained.left());
        assertEquals(accepted.get(), drained.recorded(), "the drain counted every accepted dispatch");
        List<String> recorded = log.newest(0).toCompletableFuture().join().stream()
                .map(LogEntry::hero)
                .toList();
        assertEquals(
                accepted.get(),
                recorded.stream().filter(hero -> hero.startsWith("Drain-")).count());
    }
}
