package dev.missioncontrol.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as its own operating-system process: the native binary when the build produced one
 * ({@code native.image.path}), else the JVM jar. Its output goes to a file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The command that starts the packaged service, or fails if nothing is packaged. */
    public static List<String> command() {
        String nativePath = System.getProperty("native.image.path");
        if (nativePath != null && Files.isExecutable(Path.of(nativePath))) {
            return List.of(Path.of(nativePath).toAbsolutePath().toString());
        }
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the service first: " + jar + " is missing");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }

    /** Starts it on a free port with these settings (as -D options) and waits until it is ready. */
    public static ServiceProcess start(String name, Map<String, String> settings) throws IOException {
        return start(name, settings, Ports.free());
    }

    /** Starts it on {@code port} (to restart a service where its clients reconnect) and waits until it is ready. */
    public static ServiceProcess start(String name, Map<String, String> settings, int port) throws IOException {
        List<String> command = new ArrayList<>(command());
        List<String> options = new ArrayList<>();
        options.add("-Dquarkus.http.port=" + port);
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        // The JVM takes -D before -jar; the native binary takes them as arguments.
        command.addAll(command.size() == 1 ? 1 : 1, options);
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions()
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> service.get("/q/health/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            service.close();
            throw new IllegalStateException("not ready; output:\n" + service.output(), e);
        }
        return service;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a POST with these request headers.
     *
     * @param path    the path and query
     * @param headers header names and values
     */
    public HttpResponse<String> post(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kills the process as a crash would ({@code kill -9}, SIGKILL) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** @return the heroes of {@code GET /missions/log}, oldest first; fails unless it answers 200 */
    public List<String> missionLog() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/missions/log");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /missions/log: " + response.statusCode() + " " + response.body());
        }
        List<String> heroes = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body())
                .get("dispatched")
                .forEach(hero -> heroes.add(hero.asText()));
        return heroes;
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and returns its status. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout);
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no output: " + e + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
