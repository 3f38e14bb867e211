package dev.missioncontrol.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark from rotting: its quick mode (small N, seconds) against the packaged service, and the
 * peer (nchan) and the Redis rows in the same run. It checks what the benchmark reports, never how fast anything was.
 */
class BenchmarkSmokeIT {

    @Test
    void quickRunDeliversEveryEventAndWritesItsTable() throws Exception {
        Tools.require("wrk", ".ci/run installs it (Debian: wrk)");
        Tools.require(Nchan.missing());
        Tools.require(dev.missioncontrol.support.RedisServer.missing());
        List<String> args = new ArrayList<>(List.of("--quick", "--out", "target/bench-smoke"));
        String nativePath = System.getProperty("native.image.path");
        if (nativePath != null && Files.isExecutable(Path.of(nativePath))) {
            args.addAll(List.of("--server", "native"));
        }
        List<Map<String, Object>> rows = new Benchmark(Benchmark.Options.parse(args.toArray(String[]::new))).run();
        assertFalse(rows.isEmpty());
        int fanOuts = 0;
        for (Map<String, Object> row : rows) {
            if (row.containsKey("expected")) {
                fanOuts++;
                assertEquals(row.get("expected"), row.get("delivered"), () -> "every event delivered in " + row);
            }
        }
        assertTrue(fanOuts >= 2, "SSE and WebSocket fan-out rows ran: " + rows);
        assertTrue(Files.size(Path.of("target/bench-smoke/results.json")) > 0);
        // The charts' data: one series per protocol and target.
        assertTrue(
                Files.exists(Path.of("target/bench-smoke/series-sse-mission-control-"
                        + (args.contains("native") ? "native" : "jvm") + ".tsv")),
                "SSE series written");
        // The dispatch rows and their reference, every request answered 2xx.
        List<Object> scenarios = rows.stream().map(row -> row.get("scenario")).toList();
        assertTrue(scenarios.contains("3 ceiling: a fixed 202, 64 connections"), "ceiling row ran: " + scenarios);
        long dispatchRows = rows.stream()
                .filter(row -> "3 dispatch, 64 connections".equals(row.get("scenario")))
                .peek(row -> assertEquals(0L, row.get("non2xx"), () -> "every dispatch answered 202 in " + row))
                .count();
        assertTrue(dispatchRows >= 2, "dispatch with and without subscribers ran: " + scenarios);
        // The peer and the Redis rows ran in the same run.
        List<String> targets = rows.stream()
                .map(row -> String.valueOf(row.get("target")))
                .distinct()
                .toList();
        assertTrue(targets.stream().anyMatch(target -> target.startsWith("nchan")), "nchan rows ran: " + targets);
        assertTrue(targets.stream().anyMatch(target -> target.contains("redis")), "Redis rows ran: " + targets);
    }
}
