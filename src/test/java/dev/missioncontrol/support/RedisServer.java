package dev.missioncontrol.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} (Debian's, which {@code .ci/run} installs) on a free port in a temporary directory,
 * for one test: started by {@link #start}, killed by {@link #close}, restartable on the same port and data
 * ({@link #kill} then {@link #restart}), as a Redis that goes away mid-stream and comes back.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** @return why Redis tests cannot run here, or empty when they can */
    public static Optional<String> missing() {
        return Tools.missing("redis-server", ".ci/run installs it (Debian: redis-server)");
    }

    /** Starts a server with an append-only file, so a restart keeps its data as a deployment's would. */
    public static RedisServer start() throws IOException {
        RedisServer server = new RedisServer(Ports.free(), Files.createTempDirectory("mission-control-redis"));
        server.restart();
        return server;
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on the same port and directory; waits until it accepts connections. */
    public void restart() throws IOException {
        process = new ProcessBuilder(List.of(
                        Tools.find("redis-server").orElseThrow().toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "yes",
                        "--daemonize",
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(this::accepting);
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server as a crash would ({@code kill -9}); waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
