package dev.missioncontrol.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.support.EventStreams;
import dev.missioncontrol.support.Ports;
import dev.missioncontrol.support.RedisFixture;
import dev.missioncontrol.support.ServiceProcess;
import dev.missioncontrol.support.SseClient;
import dev.missioncontrol.support.Tools;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files of {@code docker/}, run as the compose file's monitoring profile runs them: {@code promtool}
 * accepts {@code docker/prometheus.yml}; a real Prometheus (Debian's, which {@code .ci/run} installs) started with that
 * file, its targets pointed at a packaged instance on Redis, scrapes it; and every query of every panel of the Grafana
 * dashboard ({@code docker/grafana/dashboards/mission-control.json}) is valid PromQL that returns data.
 */
class MonitoringIT {

    private static final Path CONFIG = Path.of("docker/prometheus.yml");
    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/mission-control.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RedisFixture redis;
    private ServiceProcess service;
    private Process prometheus;

    @AfterEach
    void tearDown() throws Exception {
        if (prometheus != null) {
            prometheus.destroyForcibly().waitFor();
        }
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static JsonNode query(int port, String expression) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                + URLEncoder.encode(expression, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("success", body.path("status").asText(), expression + ": " + response.body());
        return body.path("data").path("result");
    }

    /** Every PromQL expression of every panel. */
    private static List<String> panelQueries() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asText());
            }
        }
        return expressions;
    }

    @Test
    void prometheusScrapesTheServiceAndEveryDashboardQueryHasData() throws Exception {
        Path prometheusBinary = Tools.require("prometheus", ".ci/run installs it (Debian: prometheus)");
        Path promtool = Tools.require("promtool", ".ci/run installs it (Debian: prometheus)");
        assertTrue(run(List.of(promtool.toString(), "check", "config", CONFIG.toString()))
                .contains("SUCCESS"));

        redis = RedisFixture.start();
        service = redis.instance("monitoring", Map.of());
        // The same file, scraping this instance (compose names the replicas), every second so a test is short.
        Path dir = Files.createTempDirectory("mission-control-prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                Files.readString(CONFIG)
                        .replaceAll("targets: \\[.*]", "targets: [\"127.0.0.1:" + service.port() + "\"]")
                        .replace("scrape_interval: 5s", "scrape_interval: 1s"));
        int port = Ports.free();
        prometheus = new ProcessBuilder(
                        prometheusBinary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();

        // Traffic for every panel: a subscriber, dispatches (accepted and recorded), a stream that ends.
        try (SseClient subscriber = EventStreams.open(service.uri("/"), "")) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> query(port, "up{job=\"mission-control\"} == 1").size() == 1);
            for (String expression : panelQueries()) {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            service.post("/missions/dispatch?hero=Watched");
                            EventStreams.open(service.uri("/"), "").close();
                            assertTrue(query(port, expression).size() > 0, "no data for " + expression);
                        });
            }
        }
    }
}
