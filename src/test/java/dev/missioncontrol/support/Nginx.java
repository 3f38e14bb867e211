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
import java.util.List;
import java.util.Optional;

/**
 * Runs Debian's nginx with the project's own {@code docker/nginx.conf}, changing only what differs between a
 * container and a test: the upstream addresses (fixed, so not re-resolved), the listen port, and writable log and
 * temp paths.
 */
public final class Nginx implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The nginx binary, if installed (`.ci/run` installs it). */
    public static Optional<Path> binary() {
        return Tools.find("nginx");
    }

    /** @return why an nginx test cannot run here, or empty when it can */
    public static Optional<String> missing() {
        return Tools.missing("nginx", ".ci/run installs it (Debian: nginx)");
    }

    /** Starts nginx in front of one instance at {@code upstreamPort} (both upstream lines) and waits until it answers. */
    public static Nginx start(int upstreamPort) throws IOException {
        return start(upstreamPort, upstreamPort);
    }

    /** Starts nginx in front of two instances, as {@code docker/compose.yaml} runs it, and waits until it answers. */
    public static Nginx start(int upstreamA, int upstreamB) throws IOException {
        Path nginx = binary().orElseThrow();
        Path dir = Files.createTempDirectory("nginx-test");
        String config = Files.readString(Path.of("docker/nginx.conf"));
        if (!config.contains("server mission-control-a:8000 ")
                || !config.contains("server mission-control-b:8000 ")
                || !config.contains("listen 80;")) {
            throw new IllegalStateException(
                    "docker/nginx.conf no longer has the upstream and listen lines this test replaces");
        }
        int port = Ports.free();
        // The replicas become fixed local addresses, which need no re-resolving: "resolve" goes too, since nginx
        // before 1.27.3 (Debian's) does not know it.
        config = config.replace("server mission-control-a:8000 ", "server 127.0.0.1:" + upstreamA + " ")
                .replace("server mission-control-b:8000 ", "server 127.0.0.1:" + upstreamB + " ")
                .replace(" resolve;", ";")
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replaceFirst(
                        "http \\{",
                        "http {\n    access_log " + dir.resolve("access.log") + ";\n"
                                + "    client_body_temp_path " + dir.resolve("body") + ";\n"
                                + "    proxy_temp_path " + dir.resolve("proxy") + ";\n"
                                + "    fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                                + "    uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                                + "    scgi_temp_path " + dir.resolve("scgi") + ";\n");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(List.of(
                        nginx.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        file.toString(),
                        "-g",
                        "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("error.log")
                                + ";"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx started = new Nginx(process, dir, port);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                return http.send(
                                        HttpRequest.newBuilder(started.uri("/q/health/live"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            });
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
