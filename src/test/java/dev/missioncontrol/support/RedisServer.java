package dev.missioncontrol.support;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    // What follows the binary: a server's settings, or a sentinel's config file and --sentinel.
    private final List<String> arguments;
    private Process process;

    private RedisServer(int port, Path dir, List<String> arguments) {
        this.port = port;
        this.dir = dir;
        this.arguments = arguments;
    }

    /** @return why Redis tests cannot run here, or empty when they can */
    public static Optional<String> missing() {
        return Tools.missing("redis-server", ".ci/run installs it (Debian: redis-server)");
    }

    /** Starts a server with an append-only file, so a restart keeps its data as a deployment's would. */
    public static RedisServer start() throws IOException {
        return start(List.of());
    }

    /**
     * As {@link #start()}, with further settings.
     *
     * @param settings redis-server options, such as {@code --replicaof 127.0.0.1 6379}
     */
    public static RedisServer start(List<String> settings) throws IOException {
        int port = Ports.free();
        Path dir = Files.createTempDirectory("mission-control-redis");
        List<String> arguments = new ArrayList<>(List.of(
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
                "no"));
        arguments.addAll(settings);
        RedisServer server = new RedisServer(port, dir, arguments);
        server.restart();
        return server;
    }

    /**
     * Starts a Sentinel ({@code redis-server <conf> --sentinel}) watching {@code primary} as {@code name}, with a quorum
     * of 1, taking a primary as down after 1 s without an answer.
     *
     * @param primary the primary to watch
     * @param name    the name the service asks the sentinel for ({@code quarkus.redis.master-name})
     */
    public static RedisServer sentinel(RedisServer primary, String name) throws IOException {
        int port = Ports.free();
        Path dir = Files.createTempDirectory("mission-control-sentinel");
        Path config = dir.resolve("sentinel.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "port " + port,
                        "bind 127.0.0.1",
                        "dir " + dir,
                        "sentinel monitor " + name + " 127.0.0.1 " + primary.port + " 1",
                        "sentinel down-after-milliseconds " + name + " 1000",
                        "sentinel failover-timeout " + name + " 5000",
                        ""));
        RedisServer sentinel = new RedisServer(port, dir, List.of(config.toString(), "--sentinel"));
        sentinel.restart();
        return sentinel;
    }

    /**
     * Sends one command to a server on this machine, as redis-cli would, and reads its reply (RESP2).
     *
     * @param port where it listens
     * @param args the command and its arguments
     * @return the reply flattened to strings: a simple or bulk string, an integer, each element of an array in order;
     *     an error reply as {@code "-<message>"}
     */
    public static List<String> command(int port, String... args) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$')
                        .append(bytes.length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            List<String> reply = new ArrayList<>();
            read(in, reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(DataInputStream in, List<String> into) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '+', ':' -> into.add(line.substring(1));
            case '-' -> into.add(line);
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    byte[] bytes = new byte[length];
                    in.readFully(bytes);
                    line(in);
                    into.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
            case '*' -> {
                int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < count; i++) {
                    read(in, into);
                }
            }
            default -> throw new IOException("not RESP: " + line);
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("the connection ended");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on the same port and directory; waits until it accepts connections. */
    public void restart() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Tools.find("redis-server").orElseThrow().toString());
        command.addAll(arguments);
        process = new ProcessBuilder(command)
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
