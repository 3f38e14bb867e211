package dev.missioncontrol.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logs for containers: with {@code quarkus.log.console.json.enabled=true} every line the packaged service writes is one
 * JSON object, and each dispatch is audited in two INFO lines of category {@code mission-control.dispatch}: who, its id,
 * and how long it waited.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(ServiceProcess service) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : service.output().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void everyLineIsJsonAndEachDispatchIsAudited() throws Exception {
        try (ServiceProcess service =
                ServiceProcess.start("json-logs", Map.of("quarkus.log.console.json.enabled", "true"))) {
            HttpResponse<String> accepted = service.post("/missions/dispatch?hero=Au%22dited");
            assertEquals(202, accepted.statusCode());
            String location = accepted.headers().firstValue("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lines(service).stream()
                            .anyMatch(line -> line.path("message").asText().startsWith("dispatch recorded")));
            List<JsonNode> audit = lines(service).stream()
                    .filter(line -> "mission-control.dispatch"
                            .equals(line.path("loggerName").asText()))
                    .toList();
            assertEquals(2, audit.size(), audit.toString());
            assertEquals("INFO", audit.get(0).path("level").asText());
            assertEquals(
                    "dispatch accepted: hero=\"Au\\\"dited\" id=" + id,
                    audit.get(0).path("message").asText());
            assertTrue(
                    audit.get(1)
                            .path("message")
                            .asText()
                            .matches("dispatch recorded: hero=\"Au\\\\\"dited\" id=" + id + " waited=\\d+ms"),
                    audit.get(1).toString());
        }
    }
}
