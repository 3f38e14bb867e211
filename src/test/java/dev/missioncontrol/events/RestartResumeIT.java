package dev.missioncontrol.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ids never go backwards across a restart: a client that resumes with the id it saw before the service restarted
 * gets {@code reset} (so it refetches) and then the new run's events, whose ids are larger than its own.
 */
class RestartResumeIT {

    private static final String QUERY = "?type=dispatch.accepted";

    @Test
    void aClientResumingAcrossARestartGetsResetThenNewerIds() throws Exception {
        long seen;
        int port;
        try (ServiceProcess first = ServiceProcess.start("restart-resume-1", Map.of())) {
            port = first.port();
            try (SseClient client = EventStreams.open(first.uri("/"), QUERY)) {
                assertEquals(202, first.post("/missions/dispatch?hero=Before").statusCode());
                SseClient.Frame before = client.nextEvent();
                assertEquals("dispatch.accepted", before.event());
                seen = Long.parseLong(before.id());
            }
            first.terminate();
            first.exitCode(Duration.ofSeconds(30));
        }
        try (ServiceProcess second = ServiceProcess.start("restart-resume-2", Map.of(), port)) {
            assertEquals(202, second.post("/missions/dispatch?hero=After").statusCode());
            try (SseClient client =
                    EventStreams.open(second.uri("/"), QUERY, Map.of("Last-Event-ID", Long.toString(seen)))) {
                SseClient.Frame reset = client.nextEvent();
                assertEquals("reset", reset.event(), "the old id is not this run's: the client must refetch");
                long oldest = EventStreams.json(reset).get("oldest").asLong();
                assertTrue(oldest > seen, "the new run's ids start above the old run's: " + oldest + " > " + seen);
                SseClient.Frame after = client.nextEvent();
                assertEquals("dispatch.accepted", after.event());
                assertTrue(after.data().contains("\"After\""), after.data());
                assertTrue(Long.parseLong(after.id()) > seen, after.id() + " > " + seen);
            }
        }
    }
}
