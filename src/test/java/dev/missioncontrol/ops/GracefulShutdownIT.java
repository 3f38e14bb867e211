package dev.missioncontrol.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load, against the packaged service in its own process: every accepted dispatch is recorded
 * before exit (seen both in the dispatch.recorded frames each subscriber got before {@code end} and in the
 * service's log), readiness and new dispatches are refused while draining, comms close with 1001, exit is clean.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigtermRecordsEveryAcceptedDispatchThenEndsStreamsAndClosesComms() throws Exception {
        try (ServiceProcess service =
                ServiceProcess.start("shutdown-it", Map.of("mission-control.dispatch.scramble-time", "4s"))) {
            List<SseClient> subscribers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SseClient subscriber = SseClient.open(service.uri("/missions/events?type=dispatch"));
                assertEquals(3000L, subscriber.next().retry());
                assertEquals("connected", subscriber.next().event());
                subscribers.add(subscriber);
            }
            List<WsClient> comms =
                    List.of(WsClient.connect(service.ws("/comms")), WsClient.connect(service.ws("/comms")));
            Set<String> heroes = new LinkedHashSet<>();
            for (int i = 0; i < 40; i++) {
                String hero = "Hero-" + i;
                assertEquals(
                        202, service.post("/missions/dispatch?hero=" + hero).statusCode());
                heroes.add(hero);
            }

            service.terminate();

            AtomicBoolean refusedDispatch = new AtomicBoolean();
            AtomicBoolean notReady = new AtomicBoolean();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        try {
                            if (service.post("/missions/dispatch?hero=TooLate").statusCode() == 503) {
                                refusedDispatch.set(true);
                            }
                            if (service.get("/q/health/ready").statusCode() == 503) {
                                notReady.set(true);
                            }
                        } catch (java.io.IOException closed) {
                            return true;
                        }
                        return !service.isAlive() || (refusedDispatch.get() && notReady.get());
                    });
            assertTrue(refusedDispatch.get(), "new dispatches were refused with 503 while shutting down");
            assertTrue(notReady.get(), "readiness reported DOWN while shutting down");

            for (SseClient subscriber : subscribers) {
                Set<String> recorded = new LinkedHashSet<>();
                SseClient.Frame frame;
                while (!"end".equals((frame = subscriber.nextEvent(Duration.ofSeconds(30))).event())) {
                    assertTrue(!"<eof>".equals(frame.event()), "stream ended without an end frame");
                    if ("dispatch.recorded".equals(frame.event())) {
                        recorded.add(JSON.readTree(frame.data()).get("hero").asText());
                    }
                }
                assertEquals(
                        "shutdown", JSON.readTree(frame.data()).get("reason").asText());
                assertEquals(heroes, recorded, "every accepted hero recorded before end");
                subscriber.close();
            }
            for (WsClient client : comms) {
                assertEquals(1001, client.closeCode(Duration.ofSeconds(30)));
            }
            int exit = service.exitCode(Duration.ofSeconds(40));
            assertTrue(exit == 0 || exit == 143, "exit status " + exit);
            String output = service.output();
            for (String hero : heroes) {
                assertTrue(output.contains("dispatch recorded: hero=\"" + hero + "\" id="), "log line for " + hero);
            }
            assertTrue(!output.contains("hero=\"TooLate\""));
            // All 40 were pending at SIGTERM (a 4 s scramble): the shutdown line counts exactly those.
            assertTrue(
                    output.contains("shutdown: " + heroes.size() + " pending dispatches recorded"),
                    "the shutdown log counts every accepted dispatch: "
                            + output.lines()
                                    .filter(line -> line.contains("shutdown:"))
                                    .toList());
        }
    }
}
