package dev.missioncontrol.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.missioncontrol.support.Ports;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The fan-out benchmark. This process is the load client; the packaged service and the peer (nginx with the nchan
 * module) each run in their own process. Prints a table and writes it as JSON to {@code target/bench/}.
 *
 * <p>Run it with {@code src/bench/run.sh}; options: {@code --quick} (small N, seconds; what the smoke test runs),
 * {@code --server native} (the rows against the native binary), {@code --no-peer}, {@code --jar PATH} (another
 * build of the service, for before/after comparisons), {@code --sse N} (SSE fan-out at N only),
 * {@code --ws N} (SSE and WebSocket fan-out at N, with the peer's rows), {@code --memory N} (start-up and memory
 * with N idle SSE subscribers and N idle comms connections only), {@code --dispatch S} (the dispatch rows only,
 * for S seconds: {@code transport=local}, then {@code transport=redis} where redis-server is installed). System property {@code bench.aot.java}: a
 * JDK 25 {@code java} for the start-up row of the AOT-cache build in {@code target/quarkus-app-aot}.
 */
public final class Benchmark {

    /** The fan-out sizes of a full run: the points of the charts of p99 and RSS against subscribers. */
    static final int[] SIZES = {1000, 2000, 5000, 10000};

    /** What to run. */
    record Options(
            int[] sseSizes,
            int[] wsSizes,
            int[] redisSizes,
            int events,
            long periodMillis,
            int idleSse,
            int idleWs,
            int dispatchSubscribers,
            int dispatchSeconds,
            boolean peer,
            boolean nativeServer,
            Path out,
            Path jar,
            boolean quick) {

        static Options parse(String... args) {
            List<String> list = Arrays.asList(args);
            int jarAt = list.indexOf("--jar");
            Path jar = Path.of(jarAt >= 0 ? list.get(jarAt + 1) : "target/quarkus-app/quarkus-run.jar");
            boolean quick = list.contains("--quick");
            boolean nativeServer = list.contains("native") && list.contains("--server");
            boolean peer = !list.contains("--no-peer");
            int outAt = list.indexOf("--out");
            // One directory per server, so that a JVM run and a native run leave results side by side for the charts.
            Path out = Path.of(outAt >= 0 ? list.get(outAt + 1) : "target/bench/" + (nativeServer ? "native" : "jvm"));
            int memoryAt = list.indexOf("--memory");
            if (memoryAt >= 0) {
                int n = Integer.parseInt(list.get(memoryAt + 1));
                return new Options(
                        new int[0], new int[0], new int[0], 0, 20, n, n, 0, 0, false, nativeServer, out, jar, quick);
            }
            int dispatchAt = list.indexOf("--dispatch");
            if (dispatchAt >= 0) {
                int seconds = Integer.parseInt(list.get(dispatchAt + 1));
                return new Options(
                        new int[0],
                        new int[0],
                        new int[0],
                        0,
                        20,
                        0,
                        0,
                        1000,
                        seconds,
                        false,
                        nativeServer,
                        out,
                        jar,
                        quick);
            }
            int wsAt = list.indexOf("--ws");
            if (wsAt >= 0) {
                int n = Integer.parseInt(list.get(wsAt + 1));
                return new Options(
                        new int[] {n},
                        new int[] {n},
                        new int[0],
                        200,
                        20,
                        0,
                        0,
                        0,
                        0,
                        peer,
                        nativeServer,
                        out,
                        jar,
                        quick);
            }
            int redisAt = list.indexOf("--redis");
            if (redisAt >= 0) {
                int n = Integer.parseInt(list.get(redisAt + 1));
                return new Options(
                        new int[] {n},
                        new int[0],
                        new int[] {n},
                        200,
                        20,
                        0,
                        0,
                        0,
                        0,
                        peer,
                        nativeServer,
                        out,
                        jar,
                        quick);
            }
            int sseAt = list.indexOf("--sse");
            if (sseAt >= 0) {
                int n = Integer.parseInt(list.get(sseAt + 1));
                return new Options(
                        new int[] {n},
                        new int[0],
                        new int[0],
                        200,
                        20,
                        100,
                        50,
                        0,
                        0,
                        false,
                        nativeServer,
                        out,
                        jar,
                        quick);
            }
            return quick
                    ? new Options(
                            new int[] {50},
                            new int[] {50},
                            new int[] {50},
                            20,
                            20,
                            100,
                            50,
                            20,
                            1,
                            peer,
                            nativeServer,
                            out,
                            jar,
                            quick)
                    : new Options(
                            SIZES,
                            SIZES,
                            new int[] {1000, 5000},
                            200,
                            20,
                            10000,
                            5000,
                            1000,
                            20,
                            peer,
                            nativeServer,
                            out,
                            jar,
                            quick);
        }
    }

    private final Options options;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(Options.parse(args));
        benchmark.run();
        System.exit(0);
    }

    /** Runs every row; returns them as printed. */
    List<Map<String, Object>> run() throws Exception {
        Files.createDirectories(options.out());
        if (options.idleSse() > 0) {
            startup();
        }
        try (LoadClient client = new LoadClient()) {
            ours(client);
            if (options.redisSizes().length > 0 || options.dispatchSeconds() > 0) {
                if (dev.missioncontrol.support.RedisServer.missing().isEmpty()) {
                    viaRedis(client);
                } else {
                    System.out.println("Redis rows skipped: "
                            + dev.missioncontrol.support.RedisServer.missing().get());
                }
            }
            if (options.peer()) {
                if (Nchan.available()) {
                    nchan(client);
                } else {
                    System.out.println("peer skipped: " + Nchan.missing());
                }
            }
        }
        print();
        write();
        return rows;
    }

    private Map<String, Object> row(String scenario, String target, Object n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("target", target);
        row.put("n", n);
        rows.add(row);
        return row;
    }

    private List<String> jar() {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // BENCH_JAVA_OPTS: extra JVM options for the server, for example a JFR recording while profiling.
        String extra = System.getenv("BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", options.jar().toString()));
        return command;
    }

    /**
     * The native binary, with BENCH_JAVA_OPTS's system properties ({@code -D...}) for it too, and BENCH_NATIVE_OPTS
     * for options only the binary takes (its garbage collector's, for example {@code -Xmn16m -XX:+PrintGC}).
     */
    private static List<String> nativeCommand() {
        List<String> command = new ArrayList<>(List.of(nativeBinary().toString()));
        String extra = System.getenv("BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            Arrays.stream(extra.trim().split("\\s+"))
                    .filter(o -> o.startsWith("-D"))
                    .forEach(command::add);
        }
        String nativeOnly = System.getenv("BENCH_NATIVE_OPTS");
        if (nativeOnly != null && !nativeOnly.isBlank()) {
            command.addAll(Arrays.asList(nativeOnly.trim().split("\\s+")));
        }
        return command;
    }

    private static Path nativeBinary() {
        String built = System.getProperty("native.image.path");
        return built != null ? Path.of(built) : Path.of("target", "mission-control-1.0.0-SNAPSHOT-runner");
    }

    private static List<String> withPort(List<String> command, int port) {
        List<String> full = new ArrayList<>(command);
        full.add(1, "-Dquarkus.http.port=" + port);
        // The WebSocket row at 10,000 has 10,000 members and a sender: one more than the default limit.
        full.add(2, "-Dmission-control.comms.max-connections=11000");
        // The dispatch rows' reference: a trivial route on the same server (ops.CeilingRoute, off by default).
        full.add(3, "-Dmission-control.bench.ceiling-route=true");
        // The comms warm-up's one sender chats at four times the rows' 50 a second, over the default 100 a connection.
        full.add(4, "-Dmission-control.comms.max-messages-per-second=1000");
        return full;
    }

    private void startup() throws Exception {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        // A smoke run reads the JVM's start-up off the server its rows start (see ours): a start costs seconds here.
        if (Files.exists(options.jar()) && !options.quick()) {
            kinds.put("jvm (java " + Runtime.version().feature() + ")", jar());
        }
        // The same service on JDK 25 with the AOT cache its integration tests recorded (src/bench/run.sh builds it
        // where a JDK 25 is found): the cache holds classes loaded and linked, and method profiles, from a real run.
        Path aotApp = Path.of("target", "quarkus-app-aot").toAbsolutePath();
        String aotJava = System.getProperty("bench.aot.java");
        if (aotJava != null && Files.exists(aotApp.resolve("app.aot"))) {
            kinds.put(
                    "jvm + AOT cache (java 25)",
                    List.of(
                            aotJava,
                            "-XX:AOTCache=" + aotApp.resolve("app.aot"),
                            "-jar",
                            aotApp.resolve("quarkus-run.jar").toString()));
        }
        if (Files.isExecutable(nativeBinary())) {
            kinds.put("native", List.of(nativeBinary().toString()));
        }
        for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
            double[] millis = new double[3];
            long[] rss = new long[3];
            // A smoke run starts each kind once: that shows the row works, and three starts cost much of its time.
            int starts = options.quick() ? 1 : 3;
            for (int i = 0; i < starts; i++) {
                int port = Ports.free();
                try (Target target = Target.start(
                        kind.getKey(),
                        withPort(kind.getValue(), port),
                        port,
                        "/missions/log",
                        options.out().resolve("startup-" + kind.getKey().replaceAll("[^a-z0-9]+", "-") + ".log"))) {
                    millis[i] = target.startupMillis();
                    rss[i] = target.rssKb();
                }
            }
            Arrays.sort(millis, 0, starts);
            Arrays.sort(rss, 0, starts);
            Map<String, Object> row = row(
                    starts == 1 ? "4 start-up (once)" : "4 start-up (median of 3)",
                    "mission-control " + kind.getKey(),
                    "-");
            row.put("startMillis", round(millis[starts / 2]));
            row.put("rssMb", round(rss[starts / 2] / 1024.0));
        }
    }

    private void ours(LoadClient client) throws Exception {
        List<String> command = options.nativeServer() ? nativeCommand() : jar();
        String name = "mission-control " + (options.nativeServer() ? "native" : "jvm");
        int port = Ports.free();
        if (idleWebSocketsApart()) {
            idleWebSockets(
                    client,
                    () -> {
                        int fresh = Ports.free();
                        return Target.start(
                                name,
                                withPort(command, fresh),
                                fresh,
                                "/q/health/ready",
                                options.out().resolve("server-idle-ws.log"));
                    },
                    "/comms");
        }
        try (Target server = Target.start(
                name,
                withPort(command, port),
                port,
                "/q/health/ready",
                options.out().resolve("server.log"))) {
            if (options.quick() && options.idleSse() > 0 && !options.nativeServer()) {
                Map<String, Object> row = row(
                        "4 start-up (once)",
                        name + " (java " + Runtime.version().feature() + ")",
                        "-");
                row.put("startMillis", round(server.startupMillis()));
                row.put("rssMb", round(server.rssKb() / 1024.0));
            }
            if (options.idleSse() > 0) {
                memory(client, server, port, "/missions/events?type=nothing", "/comms");
            }
            if (options.events() > 0) {
                fanOuts(client, server, port);
            }
            if (options.dispatchSeconds() > 0) {
                dispatch(client, server, port, true);
            }
        }
    }

    private void fanOuts(LoadClient client, Target server, int port) throws Exception {
        if (options.sseSizes().length > 0) {
            warmUp(
                    client,
                    server,
                    port,
                    Receivers.sseRequest("/missions/events?type=dispatch.accepted"),
                    (marker, sequence) -> client.post(port, "/missions/dispatch?hero=" + marker + sequence, null));
        }

        String run = "m" + Long.toString(System.nanoTime() % 100000, 36) + "x";
        for (int n : options.sseSizes()) {
            String marker = run + n + "-";
            fanOut(
                    client,
                    server,
                    "1 SSE fan-out",
                    n,
                    marker,
                    () -> client.receivers.open(
                            port, Receivers.sseRequest("/missions/events?type=dispatch.accepted"), n),
                    sequence -> client.post(port, "/missions/dispatch?hero=" + marker + sequence, null));
            client.receivers.closeAll();
        }
        if (warmsUpWebSockets()) {
            WebSocket sender = client.sender(port);
            warmUp(
                    client,
                    server,
                    port,
                    Receivers.webSocketRequest("/comms"),
                    (marker, sequence) -> chat(sender, marker + sequence));
            sender.close();
        }
        for (int n : options.wsSizes()) {
            String marker = run + "w" + n + "-";
            WebSocket sender = client.sender(port);
            fanOut(
                    client,
                    server,
                    "2 WebSocket fan-out",
                    n,
                    marker,
                    () -> client.receivers.open(port, Receivers.webSocketRequest("/comms"), n),
                    sequence -> chat(sender, marker + sequence));
            sender.close();
            client.receivers.closeAll();
        }
    }

    /** Sends {@code text} to the comms room as chat. */
    private static Future<Void> chat(WebSocket sender, String text) {
        return sender.writeTextMessage("{\"event\":\"chat\",\"text\":\"" + text + "\"}");
    }

    /**
     * With {@code transport=redis} on one redis-server (an append-only file, fsync every second, as docker/compose.yaml
     * runs it): rows 6, SSE fan-out with one instance and then two with the subscribers split between them (every
     * dispatch posted to the first), and nchan with its Redis storage on the same Redis; and row 3 again, dispatch
     * with every dispatch queued durably before its 202, on the first instance. Each row only where asked for.
     */
    private void viaRedis(LoadClient client) throws Exception {
        try (dev.missioncontrol.support.RedisServer redis = dev.missioncontrol.support.RedisServer.start()) {
            List<String> command = new ArrayList<>(
                    options.nativeServer() ? List.of(nativeBinary().toString()) : jar());
            command.add(1, "-Dmission-control.transport=redis");
            command.add(2, "-Dmission-control.redis.url=" + redis.url());
            String kind = options.nativeServer() ? "native" : "jvm";
            int portA = Ports.free();
            int portB = Ports.free();
            // A smoke run starts the second instance while the first runs its rows: each start costs seconds here.
            java.util.concurrent.CompletableFuture<Target> early = options.quick() && options.redisSizes().length > 0
                    ? java.util.concurrent.CompletableFuture.supplyAsync(() -> startQuietly(
                            "mission-control " + kind + " + redis (2nd)",
                            withPort(command, portB),
                            portB,
                            options.out().resolve("server-redis-b.log")))
                    : null;
            try {
                try (Target a = Target.start(
                        "mission-control " + kind + " + redis",
                        withPort(command, portA),
                        portA,
                        "/q/health/ready",
                        options.out().resolve("server-redis-a.log"))) {
                    if (options.dispatchSeconds() > 0) {
                        dispatch(client, a, portA, false);
                    }
                    if (options.redisSizes().length == 0) {
                        return;
                    }
                    warmUp(
                            client,
                            a,
                            portA,
                            Receivers.sseRequest("/missions/events?type=dispatch.accepted"),
                            (marker, sequence) ->
                                    client.post(portA, "/missions/dispatch?hero=" + marker + sequence, null));
                    String run = "r" + Long.toString(System.nanoTime() % 100000, 36) + "x";
                    for (int n : options.redisSizes()) {
                        String marker = run + n + "-";
                        fanOut(
                                client,
                                a,
                                "6 SSE fan-out via Redis, 1 instance",
                                n,
                                marker,
                                () -> client.receivers.open(
                                        portA, Receivers.sseRequest("/missions/events?type=dispatch.accepted"), n),
                                sequence -> client.post(portA, "/missions/dispatch?hero=" + marker + sequence, null));
                        client.receivers.closeAll();
                    }
                    try (Target b = early != null
                            ? early.join()
                            : Target.start(
                                    "mission-control " + kind + " + redis (2nd)",
                                    withPort(command, portB),
                                    portB,
                                    "/q/health/ready",
                                    options.out().resolve("server-redis-b.log"))) {
                        warmUp(
                                client,
                                b,
                                portB,
                                Receivers.sseRequest("/missions/events?type=dispatch.accepted"),
                                (marker, sequence) ->
                                        client.post(portA, "/missions/dispatch?hero=" + marker + sequence, null));
                        for (int n : options.redisSizes()) {
                            String marker = run + "two" + n + "-";
                            // CPU and RSS are the first instance's; the second does the same work for its half.
                            fanOut(
                                    client,
                                    a,
                                    "6 SSE fan-out via Redis, 2 instances",
                                    n,
                                    marker,
                                    () -> {
                                        client.receivers.open(
                                                portA,
                                                Receivers.sseRequest("/missions/events?type=dispatch.accepted"),
                                                n / 2);
                                        client.receivers.open(
                                                portB,
                                                Receivers.sseRequest("/missions/events?type=dispatch.accepted"),
                                                n - n / 2);
                                    },
                                    sequence ->
                                            client.post(portA, "/missions/dispatch?hero=" + marker + sequence, null));
                            client.receivers.closeAll();
                        }
                    }
                }
            } finally {
                if (early != null) {
                    // Stopped whatever happened above; closing one already closed does nothing.
                    early.thenAccept(b -> {
                                try {
                                    b.close();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            })
                            .exceptionally(e -> null)
                            .join();
                }
            }
            if (options.peer() && Nchan.available()) {
                try (Target nginx = Nchan.start(options.out().resolve("nchan-redis"), redis.url())) {
                    int port = nginx.port;
                    warmUp(
                            client,
                            nginx,
                            port,
                            Receivers.sseRequest("/sub?id=warmup"),
                            (marker, sequence) -> client.post(port, "/pub?id=warmup", marker + sequence));
                    String run = "q" + Long.toString(System.nanoTime() % 100000, 36) + "x";
                    for (int n : options.redisSizes()) {
                        String marker = run + n + "-";
                        String channel = marker.replace("-", "");
                        fanOut(
                                client,
                                nginx,
                                "6 SSE fan-out via Redis, 1 instance",
                                n,
                                marker,
                                () -> client.receivers.open(port, Receivers.sseRequest("/sub?id=" + channel), n),
                                sequence -> client.post(port, "/pub?id=" + channel, marker + sequence));
                        client.receivers.closeAll();
                    }
                }
            }
        }
    }

    private static Target startQuietly(String name, List<String> command, int port, Path log) {
        try {
            return Target.start(name, command, port, "/q/health/ready", log);
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /**
     * An unrecorded fan-out, so that measured rows see a warm server (JIT-compiled, pools filled), as in service; then
     * waits for the server to be {@linkplain #awaitIdle idle}.
     *
     * @param request the receivers' request ({@link Receivers#sseRequest} or {@link Receivers#webSocketRequest})
     */
    private void warmUp(
            LoadClient client,
            Target server,
            int port,
            String request,
            java.util.function.BiFunction<String, Integer, Future<?>> publish)
            throws Exception {
        int n = Math.min(1000, options.sseSizes().length > 0 ? options.sseSizes()[0] : options.wsSizes()[0]);
        client.receivers.open(port, request, n);
        String marker = "warm" + Long.toString(System.nanoTime() % 100000, 36) + "-";
        // Five times a row's events: after two, the JIT still compiled about a hundred methods a second through the
        // measured row (-XX:+LogCompilation), and its compiler threads took a third of the server's CPU there.
        // A warm-up need not be complete: nchan with Redis storage misses the messages published before its
        // subscriptions reach Redis, and waiting 10 s for them was a third of a smoke run.
        client.fanOut(
                marker,
                options.events() * 5,
                Math.max(2, options.periodMillis() / 4),
                n,
                options.quick() ? 1 : 10,
                sequence -> publish.apply(marker, sequence));
        client.receivers.closeAll();
        awaitIdle(server);
    }

    /**
     * Whether the WebSocket rows get a warm-up of their own: the comms path (upgrade, frames in and out, the room) is
     * not the event stream's. Not in a smoke run, which measures nothing and must stay short.
     */
    private boolean warmsUpWebSockets() {
        return options.wsSizes().length > 0 && !options.quick();
    }

    /**
     * Waits until the server has used under 20 ms of CPU in a quarter of a second (at most 20 s), so that what a
     * warm-up or the opening of a row's receivers set going is not measured with the row: with {@code perf record -a}
     * over {@code --ws 1000} the JVM's compiler threads were still at a quarter to half a core when the next row began,
     * while nchan, with nothing to compile, was idle. Not in a smoke run, which measures nothing.
     */
    private void awaitIdle(Target server) {
        if (options.quick()) {
            return;
        }
        double[] before = {server.cpuSeconds()};
        try {
            Awaitility.await()
                    .pollDelay(Duration.ofMillis(250))
                    .pollInterval(Duration.ofMillis(250))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        double now = server.cpuSeconds();
                        double used = now - before[0];
                        before[0] = now;
                        return used < 0.02;
                    });
        } catch (ConditionTimeoutException stillBusy) {
            System.out.println(server.name + " still busy 20 s after a warm-up or opening; measuring anyway");
        }
    }

    /** Opens a row's receivers. */
    @FunctionalInterface
    private interface Opening {
        void open() throws Exception;
    }

    /**
     * One fan-out row. The server's drop counter is read (a Prometheus scrape) before {@code opening} opens the
     * receivers rather than just before the first event, so that no reading's work, the server's or the client's,
     * overlaps the row.
     */
    private void fanOut(
            LoadClient client,
            Target server,
            String scenario,
            int n,
            String marker,
            Opening opening,
            java.util.function.Function<Integer, Future<?>> publish)
            throws Exception {
        double dropped = dropped(client, server);
        opening.open();
        // The row measures fan-out, not accepting connections: what their opening set going is over first.
        awaitIdle(server);
        double cpu = server.cpuSeconds();
        LoadClient.Fanout result = client.fanOut(marker, options.events(), options.periodMillis(), n, 30, publish);
        Map<String, Object> row = row(scenario, server.name, n);
        row.put("delivered", result.delivered());
        row.put("expected", result.expected());
        row.put("publishesPerSecond", round(result.publishesPerSecond()));
        row.put("p50Millis", round(result.p50Millis()));
        row.put("p99Millis", round(result.p99Millis()));
        row.put("maxMillis", round(result.maxMillis()));
        if (!Double.isNaN(dropped)) {
            row.put("droppedByServer", (long) (dropped(client, server) - dropped));
        }
        row.put("cpuSeconds", round(server.cpuSeconds() - cpu));
        row.put("rssMb", round(server.rssKb() / 1024.0));
        System.out.println(row);
    }

    private void memory(LoadClient client, Target server, int port, String idlePath, String idleWebSocketPath)
            throws Exception {
        Thread.sleep(
                settleMillis(2000)); // settle after start-up before the baseline reading; nothing is asserted on time
        row("5 memory, no clients", server.name, 0).put("rssMb", round(server.rssKb() / 1024.0));
        idle(client, server, port, "5 memory, idle SSE subscribers", Receivers.sseRequest(idlePath), options.idleSse());
        if (options.idleWs() > 0 && options.quick()) {
            // A smoke run reports no figure per connection, so it spares itself the process of its own: the row works.
            idle(
                    client,
                    server,
                    port,
                    "5 memory, idle WebSocket connections",
                    Receivers.webSocketRequest(idleWebSocketPath),
                    options.idleWs());
        }
    }

    /** Whether the idle WebSocket row runs in a process of its own: in a full run that measures memory. */
    private boolean idleWebSocketsApart() {
        return options.idleSse() > 0 && options.idleWs() > 0 && !options.quick();
    }

    /** Starts a target: a process of its own, closed by the caller. */
    @FunctionalInterface
    private interface Starter {
        Target start() throws Exception;
    }

    /**
     * The idle WebSocket row of a full run, in a process of its own from a fresh start: run after the SSE row in the
     * same process it measured how much of the memory the subscribers had freed was reused, not what a connection
     * costs.
     */
    private void idleWebSockets(LoadClient client, Starter starter, String path) throws Exception {
        try (Target fresh = starter.start()) {
            idle(
                    client,
                    fresh,
                    fresh.port,
                    "5 memory, idle WebSocket connections",
                    Receivers.webSocketRequest(path),
                    options.idleWs());
        }
    }

    /** RSS with {@code count} idle connections opened by {@code request}, and what each one added. */
    private void idle(LoadClient client, Target server, int port, String scenario, String request, int count)
            throws Exception {
        Thread.sleep(settleMillis(2000)); // let the previous row's connections close before the baseline reading
        long before = server.rssKb();
        client.receivers.open(port, request, count);
        Thread.sleep(settleMillis(3000)); // let the connections settle before reading; nothing is asserted on time
        long with = server.rssKb();
        Map<String, Object> row = row(scenario, server.name, count);
        row.put("rssMb", round(with / 1024.0));
        if (!options.quick()) {
            // A smoke run's hundred connections are within the noise of RSS: a figure per connection would mislead.
            row.put("bytesPerConnection", (with - before) * 1024 / count);
        }
        client.receivers.closeAll();
    }

    /** A settling pause, short in a smoke run, which reports no figure that needs one. */
    private long settleMillis(long millis) {
        return options.quick() ? 200 : millis;
    }

    /**
     * Rows 3: dispatch with no subscribers and with {@code dispatchSubscribers} on {@code ?type=dispatch}, and, with
     * {@code ceiling}, the same server answering {@code POST /bench/ceiling} (a fixed 202) as the reference.
     */
    private void dispatch(LoadClient client, Target server, int port, boolean ceiling) throws Exception {
        Optional<Path> found = dev.missioncontrol.support.Tools.find("wrk");
        if (found.isEmpty()) {
            System.out.println("dispatch throughput skipped: wrk is not installed (src/bench/run.sh installs it)");
            return;
        }
        Path wrk = found.get();
        Path script = options.out().resolve("dispatch.lua");
        Files.writeString(script, """
                wrk.method = "POST"
                local n = 0
                request = function()
                  n = n + 1
                  return wrk.format(nil, "/missions/dispatch?hero=wrk-" .. n)
                end
                """);
        if (ceiling) {
            Path ceilingScript = options.out().resolve("ceiling.lua");
            Files.writeString(ceilingScript, """
                    wrk.method = "POST"
                    wrk.path = "/bench/ceiling"
                    """);
            wrkRow(
                    client,
                    server,
                    port,
                    wrk,
                    ceilingScript,
                    "3 ceiling: a fixed 202, 64 connections",
                    "no subscribers");
        }
        Map<String, Object> alone =
                wrkRow(client, server, port, wrk, script, "3 dispatch, 64 connections", "no subscribers");
        if (ceiling) {
            double reference = (double) rows.get(rows.size() - 2).get("requestsPerSecond");
            alone.put("ofCeilingPercent", Math.round(100 * (double) alone.get("requestsPerSecond") / reference));
        }
        client.receivers.discard();
        client.receivers.open(
                port, Receivers.sseRequest("/missions/events?type=dispatch"), options.dispatchSubscribers());
        wrkRow(
                client,
                server,
                port,
                wrk,
                script,
                "3 dispatch, 64 connections",
                options.dispatchSubscribers() + " subscribers");
        client.receivers.closeAll();
    }

    private Map<String, Object> wrkRow(
            LoadClient client, Target server, int port, Path wrk, Path script, String scenario, String n)
            throws Exception {
        // An unrecorded run first, as the fan-out rows warm up: the measured one sees a JIT-compiled server (not in a
        // smoke run, which shows the row works and measures nothing).
        if (!options.quick()) {
            wrk(wrk, script, port, Math.max(1, options.dispatchSeconds() / 4));
        }
        double cpu = server.cpuSeconds();
        double dropped = dropped(client, server);
        long bytes = client.receivers.bytesRead();
        String output = wrk(wrk, script, port, options.dispatchSeconds());
        Files.writeString(options.out().resolve("wrk-" + rows.size() + ".txt"), output);
        Map<String, Object> row = row(scenario, server.name, n);
        row.put("requestsPerSecond", round(number(output, "Requests/sec:\\s+([0-9.]+)")));
        row.put("p50Millis", round(millis(output, "50%")));
        row.put("p99Millis", round(millis(output, "99%")));
        row.put("non2xx", (long) number(output, "Non-2xx or 3xx responses: (\\d+)"));
        // What the subscribers received meanwhile: every dispatch is two events (accepted, recorded) to each of them.
        row.put(
                "subscriberMbPerSecond",
                round((client.receivers.bytesRead() - bytes) / 1e6 / options.dispatchSeconds()));
        if (!Double.isNaN(dropped)) {
            row.put("droppedByServer", (long) (dropped(client, server) - dropped));
        }
        row.put("cpuSeconds", round(server.cpuSeconds() - cpu));
        row.put("rssMb", round(server.rssKb() / 1024.0));
        System.out.println(row);
        return row;
    }

    private static String wrk(Path wrk, Path script, int port, int seconds) throws Exception {
        Process process = new ProcessBuilder(
                        wrk.toString(),
                        "-t2",
                        "-c64",
                        "-d" + seconds + "s",
                        "--latency",
                        "-s",
                        script.toString(),
                        "http://127.0.0.1:" + port)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    private void nchan(LoadClient client) throws Exception {
        if (idleWebSocketsApart()) {
            idleWebSockets(client, () -> Nchan.start(options.out()), "/sub?id=idlews");
        }
        try (Target nginx = Nchan.start(options.out())) {
            int port = nginx.port;
            if (options.idleSse() > 0) {
                memory(client, nginx, port, "/sub?id=idle", "/sub?id=idlews");
            }
            if (options.sseSizes().length > 0) {
                warmUp(
                        client,
                        nginx,
                        port,
                        Receivers.sseRequest("/sub?id=warmup"),
                        (marker, sequence) -> client.post(port, "/pub?id=warmup", marker + sequence));
            }
            String run = "n" + Long.toString(System.nanoTime() % 100000, 36) + "x";
            for (int n : options.sseSizes()) {
                String marker = run + n + "-";
                // A channel of its own per row, so no row starts with another row's messages.
                String channel = marker.replace("-", "");
                fanOut(
                        client,
                        nginx,
                        "1 SSE fan-out",
                        n,
                        marker,
                        () -> client.receivers.open(port, Receivers.sseRequest("/sub?id=" + channel), n),
                        sequence -> client.post(port, "/pub?id=" + channel, marker + sequence));
                client.receivers.closeAll();
            }
            // nchan serves WebSocket subscribers on the same location; messages are published as for SSE.
            if (warmsUpWebSockets()) {
                warmUp(
                        client,
                        nginx,
                        port,
                        Receivers.webSocketRequest("/sub?id=warmupws"),
                        (marker, sequence) -> client.post(port, "/pub?id=warmupws", marker + sequence + " "));
            }
            for (int n : options.wsSizes()) {
                String marker = run + "w" + n + "-";
                String channel = marker.replace("-", "");
                // A WebSocket frame carries the body bare: the space ends the number, or a receiver would only see
                // it end when the next frame came (a period late, and the last message never).
                fanOut(
                        client,
                        nginx,
                        "2 WebSocket fan-out",
                        n,
                        marker,
                        () -> client.receivers.open(port, Receivers.webSocketRequest("/sub?id=" + channel), n),
                        sequence -> client.post(port, "/pub?id=" + channel, marker + sequence + " "));
                client.receivers.closeAll();
            }
        }
    }

    /** Mission Control's own count of events dropped for slow subscribers; NaN for the peer. */
    private static double dropped(LoadClient client, Target server) {
        if (!server.name.startsWith("mission-control")) {
            return Double.NaN;
        }
        try {
            String scrape = client.get(server.port, "/q/metrics");
            return number(scrape, "(?m)^mission_control_events_dropped_total ([0-9.eE+]+)");
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static double millis(String wrkOutput, String percentile) {
        Matcher matcher = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)")
                .matcher(wrkOutput);
        if (!matcher.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void print() {
        String[] columns = {
            "scenario",
            "target",
            "n",
            "delivered",
            "expected",
            "publishesPerSecond",
            "requestsPerSecond",
            "p50Millis",
            "p99Millis",
            "maxMillis",
            "non2xx",
            "ofCeilingPercent",
            "subscriberMbPerSecond",
            "droppedByServer",
            "cpuSeconds",
            "rssMb",
            "bytesPerConnection",
            "startMillis"
        };
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.join(" | ", columns)).append(" |\n");
        table.append("|").append("---|".repeat(columns.length)).append('\n');
        for (Map<String, Object> row : rows) {
            table.append("| ");
            for (String column : columns) {
                Object value = row.get(column);
                table.append(value == null ? "" : value).append(" | ");
            }
            table.setLength(table.length() - 1);
            table.append('\n');
        }
        System.out.println();
        System.out.println("Mission Control benchmark, " + Instant.now() + ", " + machine());
        if (options.quick()) {
            System.out.println(
                    "SMOKE RUN (--quick): these figures show that every row works; they are not measurements");
        }
        System.out.print(table);
    }

    private static String machine() {
        return String.format(
                Locale.ROOT,
                "%d cores, %.0f GiB, %s %s",
                Runtime.getRuntime().availableProcessors(),
                memoryGib(),
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    private static double memoryGib() {
        try {
            String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private void write() throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("date", Instant.now().toString());
        document.put("machine", machine());
        document.put("rows", rows);
        Path file = options.out().resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
        writeSeries();
        System.out.println("written to " + file);
    }

    /**
     * The fan-out rows as chart series for src/bench/charts.gp: one file per protocol and target,
     * {@code series-<protocol>-<target>.tsv}, each line {@code subscribers p99-ms rss-MB}.
     */
    private void writeSeries() throws Exception {
        Map<String, StringBuilder> series = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            String scenario = (String) row.get("scenario");
            String protocol = scenario.startsWith("1 SSE") ? "sse" : scenario.startsWith("2 WebSocket") ? "ws" : null;
            if (protocol == null || !(row.get("n") instanceof Integer)) {
                continue;
            }
            String name = protocol + "-" + ((String) row.get("target")).replaceAll("[^a-z0-9]+", "-");
            series.computeIfAbsent(name, k -> new StringBuilder("# subscribers\tp99 ms\tRSS MB\n"))
                    .append(row.get("n"))
                    .append('\t')
                    .append(row.get("p99Millis"))
                    .append('\t')
                    .append(row.get("rssMb"))
                    .append('\n');
        }
        for (Map.Entry<String, StringBuilder> entry : series.entrySet()) {
            Files.writeString(options.out().resolve("series-" + entry.getKey() + ".tsv"), entry.getValue());
        }
    }
}
