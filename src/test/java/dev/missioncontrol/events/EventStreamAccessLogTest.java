package dev.missioncontrol.events;

import static dev.missioncontrol.support.EventStreams.open;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.missioncontrol.support.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With Quarkus's access log on, an event stream's line (written when the stream ends) still carries the request's
 * headers: the route empties its header maps to save memory only while no access log reads them.
 */
@QuarkusTest
@TestProfile(EventStreamAccessLogTest.AccessLog.class)
class EventStreamAccessLogTest {

    static final Path DIRECTORY = Path.of("target", "access-log-test");

    public static class AccessLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIRECTORY); // Quarkus writes the file but does not create its directory
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "quarkus.http.access-log.enabled", "true",
                    "quarkus.http.access-log.pattern", "combined",
                    "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory",
                            DIRECTORY.toAbsolutePath().toString(),
                    "quarkus.http.access-log.base-file-name", "stream-access.");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void theStreamsLineNamesItsClient() {
        String agent = "stream-watcher/" + System.nanoTime();
        try (SseClient client =
                open(base, "?type=nothing", Map.of("User-Agent", agent, "Referer", "http://ops.example/"))) {
            // open() has read the connected event, so the stream is subscribed; closing it ends the request
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> line(agent).isPresent());
        String line = line(agent).orElseThrow();
        assertTrue(
                line.contains("GET /missions/events?type=nothing") && line.contains("\"http://ops.example/\""), line);
    }

    private static Optional<String> line(String agent) {
        if (!Files.isDirectory(DIRECTORY)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(line -> line.contains(agent))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
