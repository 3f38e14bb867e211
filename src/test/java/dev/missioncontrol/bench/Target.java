package dev.missioncontrol.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under test, in its own process tree: Mission Control (jar or native binary) or nginx with nchan.
 * CPU time and RSS are read from /proc for the whole tree (nginx's master and workers).
 */
final class Target implements AutoCloseable {

    private static final long CLOCK_TICKS = clockTicks();

    static {
        // Servers must not outlive an interrupted benchmark: a forgotten one skews every later measurement.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    }

    final String name;
    final int port;
    final long startNanos;
    final long readyNanos;
    private final Process process;

    private Target(String name, Process process, int port, long startNanos, long readyNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.startNanos = startNanos;
        this.readyNanos = readyNanos;
    }

    /**
     * Starts a process and waits, polling every 2 ms, until {@code probe} answers 2xx. The probe is a plain blocking
     * socket, not an HTTP client: a refused connect costs microseconds, so the poll does not take CPU from the
     * starting server on a 2-core machine (a JDK HttpClient polling every millisecond added 0.5 s or more to a JVM start here).
     */
    static Target start(String name, List<String> command, int port, String probe, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        byte[] request = ("GET " + probe + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            if (answers2xx(port, request)) {
                return new Target(name, process, port, start, System.nanoTime());
            }
            Thread.sleep(2);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " not ready in 60 s: " + Files.readString(log));
    }

    private static boolean answers2xx(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request);
            byte[] status = socket.getInputStream().readNBytes(12); // "HTTP/1.1 200"
            return status.length == 12 && status[9] == '2';
        } catch (IOException notYet) {
            return false;
        }
    }

    /** @return the server's process id */
    long pid() {
        return process.pid();
    }

    /** Milliseconds from process start to the first successful response. */
    double startupMillis() {
        return (readyNanos - startNanos) / 1e6;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        collect(process.pid(), pids);
        return pids;
    }

    private static void collect(long pid, List<Long> into) {
        into.add(pid);
        try {
            for (Path task : Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                String children = Files.readString(task.resolve("children")).trim();
                if (!children.isEmpty()) {
                    for (String child : children.split("\\s+")) {
                        collect(Long.parseLong(child), into);
                    }
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
    }

    /** User plus system CPU seconds used so far by the process tree. */
    double cpuSeconds() {
        double total = 0;
        for (long pid : pids()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
            } catch (IOException | RuntimeException gone) {
                // the process ended
            }
        }
        return total;
    }

    /** Resident set size of the process tree, in kilobytes. */
    long rssKb() {
        long total = 0;
        for (long pid : pids()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
        }
        return total;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
        } catch (Exception e) {
            return 100;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
