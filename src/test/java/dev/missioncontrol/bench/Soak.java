package dev.missioncontrol.bench;

import dev.missioncontrol.support.Ports;
import dev.missioncontrol.support.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test (a script, not a CI test; {@code src/bench/soak.sh}). Against the packaged service in its own
 * process, for a given time: event-stream subscribers that reconnect at random with {@code Last-Event-ID}, comms
 * clients chatting, and a steady rate of dispatches. Every 10 s it samples the server's RSS, heap used, open files
 * and threads into {@code samples.csv}; at the end it checks that no subscriber saw a gap or a duplicate (losses the
 * server announced with {@code reset} are counted apart). Then, unless {@code --no-storm}, a reconnect storm:
 * {@code storm} subscribers, the server restarted under them, and the time until every one has resumed, and whether
 * any of them missed an event of the new run.
 *
 * <p>Options: {@code --minutes M} (10), {@code --subscribers N} (2000), {@code --comms N} (500),
 * {@code --dispatches-per-second N} (100), {@code --storm N} (10000), {@code --no-storm}, {@code --out DIR}
 * ({@code target/soak}), {@code --native} (the binary in {@code target/} instead of the jar), {@code --redis} (a
 * redis-server of its own and {@code transport=redis}). On the JVM the heap after a full GC is sampled every minute
 * (with its class histogram kept beside the samples), and the report says whether each measure stayed within 10%
 * after minute 10.
 */
public final class Soak {

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final byte[] UPGRADE = ("GET /comms HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Random random = new Random(42);
    // -D options for the server beyond its port: the Redis transport's with --redis.
    private List<String> settings = List.of();
    private boolean jvm;
    private Path out;
    private int sampleCount;
    // seconds, RSS MB, heap after GC MB (NaN where not taken), open files, threads
    private final List<double[]> taken = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Selector selector;
    private int port;

    /** One event-stream subscriber: the newest id it has seen and what went wrong. */
    private static final class Subscriber {
        final int index;
        SocketChannel channel;
        long lastId;
        long gaps;
        long duplicates;
        long announcedLost;
        long resets;
        long received;
        boolean resumed;
        long reconnectAt;
        final StringBuilder line = new StringBuilder(64);
        boolean inBody;
        String pendingEvent;

        Subscriber(int index) {
            this.index = index;
        }
    }

    /** One comms client: it only sends chats and drains what it receives. */
    private static final class CommsClient {
        SocketChannel channel;
        long receivedBytes;
    }

    public static void main(String[] args) throws Exception {
        List<String> list = List.of(args);
        Path out = Path.of(option(list, "--out", "target/soak"));
        Files.createDirectories(out);
        new Soak().run(list, out);
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 ? args.get(at + 1) : fallback;
    }

    private List<String> command(boolean nativeBinary, int port) throws IOException {
        List<String> options = new ArrayList<>(settings);
        options.add(0, "-Dquarkus.http.port=" + port);
        List<String> command = new ArrayList<>();
        if (nativeBinary) {
            try (var files = Files.list(Path.of("target"))) {
                Path binary = files.filter(p -> p.getFileName().toString().endsWith("-runner"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no native binary in target/"));
                command.add(binary.toAbsolutePath().toString());
                command.addAll(options);
                return command;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        return command;
    }

    private void run(List<String> args, Path out) throws Exception {
        int minutes = Integer.parseInt(option(args, "--minutes", "10"));
        int subscriberCount = Integer.parseInt(option(args, "--subscribers", "2000"));
        int commsCount = Integer.parseInt(option(args, "--comms", "500"));
        int dispatchRate = Integer.parseInt(option(args, "--dispatches-per-second", "100"));
        int stormCount = Integer.parseInt(option(args, "--storm", "10000"));
        boolean nativeBinary = args.contains("--native");
        jvm = !nativeBinary;
        this.out = out;
        RedisServer redis = null;
        if (args.contains("--redis")) {
            redis = RedisServer.start();
            settings = List.of("-Dmission-control.transport=redis", "-Dmission-control.redis.url=" + redis.url());
        }
        try {
            run(args, out, minutes, subscriberCount, commsCount, dispatchRate, stormCount, nativeBinary);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private void run(
            List<String> args,
            Path out,
            int minutes,
            int subscriberCount,
            int commsCount,
            int dispatchRate,
            int stormCount,
            boolean nativeBinary)
            throws Exception {
        port = Ports.free();
        selector = Selector.open();
        Target server =
                Target.start("soak", command(nativeBinary, port), port, "/q/health/ready", out.resolve("server.log"));
        StringBuilder report = new StringBuilder();
        try {
            report.append(soak(server, out, minutes, subscriberCount, commsCount, dispatchRate));
            report.append(flatness());
        } finally {
            if (args.contains("--no-storm")) {
                server.close();
            }
        }
        if (!args.contains("--no-storm")) {
            report.append(storm(server, out, stormCount, nativeBinary));
        }
        Files.writeString(out.resolve("report.txt"), report);
        System.out.println(report);
    }

    private String soak(Target server, Path out, int minutes, int subscriberCount, int commsCount, int dispatchRate)
            throws Exception {
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < subscriberCount; i++) {
            Subscriber subscriber = new Subscriber(i);
            subscribers.add(subscriber);
            connect(subscriber, false);
        }
        List<CommsClient> comms = new ArrayList<>();
        for (int i = 0; i < commsCount; i++) {
            CommsClient client = new CommsClient();
            client.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            client.channel.write(ByteBuffer.wrap(UPGRADE));
            client.channel.configureBlocking(false);
            client.channel.register(selector, SelectionKey.OP_READ, client);
            comms.add(client);
        }
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / Math.max(1, dispatchRate);
        AtomicLong sequence = new AtomicLong();
        dispatcher.scheduleAtFixedRate(
                () -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/missions/dispatch?hero=Soak-" + sequence.incrementAndGet()))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build();
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .whenComplete((response, failure) -> {
                                if (failure == null && response.statusCode() == 202) {
                                    accepted.incrementAndGet();
                                } else {
                                    refused.incrementAndGet();
                                }
                            });
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);

        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(minutes);
        long nextSample = start;
        long nextChats = start;
        long reconnects = 0;
        try (Writer samples = Files.newBufferedWriter(out.resolve("samples.csv"))) {
            samples.write("seconds,rss_mb,heap_mb,open_files,threads,heap_after_gc_mb\n");
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    sample(server, samples, (now - start) / 1e9);
                    nextSample += TimeUnit.SECONDS.toNanos(10);
                }
                if (now >= nextChats) {
                    // Each comms client chats once every 20 s on average: a fraction of them every 100 ms.
                    for (int i = 0; i < Math.max(1, comms.size() / 200); i++) {
                        chat(comms.get(random.nextInt(comms.size())), "soak chat " + now);
                    }
                    // Each subscriber reconnects once a minute on average, resuming with its Last-Event-ID.
                    for (int i = 0; i < Math.max(1, subscribers.size() / 600); i++) {
                        Subscriber subscriber = subscribers.get(random.nextInt(subscribers.size()));
                        subscriber.channel.close();
                        connect(subscriber, true);
                        reconnects++;
                    }
                    nextChats += TimeUnit.MILLISECONDS.toNanos(100);
                }
                reconnectDue(subscribers, System.nanoTime());
                poll(subscribers, 20);
            }
        }
        dispatcher.shutdown();
        dispatcher.awaitTermination(10, TimeUnit.SECONDS);
        // Let the last events arrive: stop when every subscriber has the newest id the server published.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < settle) {
            poll(subscribers, 50);
        }
        long newest = subscribers.stream().mapToLong(s -> s.lastId).max().orElse(0);
        long behind = subscribers.stream().filter(s -> s.lastId != newest).count();
        long gaps = subscribers.stream().mapToLong(s -> s.gaps).sum();
        long duplicates = subscribers.stream().mapToLong(s -> s.duplicates).sum();
        long lost = subscribers.stream().mapToLong(s -> s.announcedLost).sum();
        long received = subscribers.stream().mapToLong(s -> s.received).sum();
        for (Subscriber subscriber : subscribers) {
            subscriber.channel.close();
        }
        for (CommsClient client : comms) {
            client.channel.close();
        }
        return String.format(
                "soak: %d min, %d subscribers (%d reconnects with Last-Event-ID), %d comms clients,"
                        + " %d dispatches accepted, %d refused or failed%n"
                        + "soak: events received %d, gaps %d, duplicates %d, lost by drop-oldest (announced) %d,"
                        + " subscribers not at the newest id at the end %d%n",
                minutes,
                subscribers.size(),
                reconnects,
                comms.size(),
                accepted.get(),
                refused.get(),
                received,
                gaps,
                duplicates,
                lost,
                behind);
    }

    private String storm(Target first, Path out, int count, boolean nativeBinary) throws Exception {
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Subscriber subscriber = new Subscriber(i);
            subscribers.add(subscriber);
            connect(subscriber, false);
            if (i % 500 == 499) {
                poll(subscribers, 10);
            }
        }
        // Everyone connected and current.
        post("/missions/dispatch?hero=Before-Storm");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && subscribers.stream().anyMatch(s -> s.lastId == 0)) {
            poll(subscribers, 50);
        }
        long connected = subscribers.stream().filter(s -> s.lastId > 0).count();
        for (Subscriber subscriber : subscribers) {
            subscriber.resumed = false;
        }
        // The server restarts under them (a deploy): SIGTERM ends every stream; the new run starts on the same port.
        first.close();
        long downAt = System.nanoTime();
        Target second = Target.start(
                "soak-restarted",
                command(nativeBinary, port),
                port,
                "/q/health/ready",
                out.resolve("server-restarted.log"));
        long upAt = System.nanoTime();
        try {
            // Like EventSource: each reconnects after the server's retry (3 s) with some jitter, with its
            // Last-Event-ID.
            long stormDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long resumedAt = 0;
            while (System.nanoTime() < stormDeadline) {
                reconnectDue(subscribers, System.nanoTime());
                poll(subscribers, 20);
                if (resumedAt == 0 && subscribers.stream().allMatch(s -> s.resumed)) {
                    resumedAt = System.nanoTime();
                    for (Subscriber subscriber : subscribers) {
                        subscriber.received = 0;
                    }
                    // The new run's first events: every resumed subscriber must get both, in order.
                    post("/missions/dispatch?hero=After-Storm");
                }
                if (resumedAt != 0 && subscribers.stream().allMatch(s -> s.received >= 2)) {
                    break;
                }
            }
            if (resumedAt == 0) {
                resumedAt = System.nanoTime();
            }
            long resumed = subscribers.stream().filter(s -> s.resumed).count();
            long resets = subscribers.stream().filter(s -> s.resets > 0).count();
            long gaps = subscribers.stream().mapToLong(s -> s.gaps).sum();
            long duplicates = subscribers.stream().mapToLong(s -> s.duplicates).sum();
            long got = subscribers.stream().filter(s -> s.received >= 2).count();
            for (Subscriber subscriber : subscribers) {
                subscriber.channel.close();
            }
            return String.format(
                    "storm: %d subscribers connected; server restarted (down to ready %.1f s); %d of %d"
                            + " resumed %.1f s after it was ready (each waits retry 3 s + up to 1 s of jitter), %d got reset;"
                            + " new-run gaps %d, duplicates %d, subscribers with the new run's events %d%n",
                    connected,
                    (upAt - downAt) / 1e9,
                    resumed,
                    count,
                    (resumedAt - upAt) / 1e9,
                    resets,
                    gaps,
                    duplicates,
                    got);
        } finally {
            second.close();
        }
    }

    /** Opens (or reopens) a subscriber's stream; a resume sends its Last-Event-ID. */
    private void connect(Subscriber subscriber, boolean resume) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET /missions/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (resume && subscriber.lastId != 0 ? "Last-Event-ID: " + Math.abs(subscriber.lastId) + "\r\n" : "")
                + "\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, subscriber);
        subscriber.channel = channel;
        subscriber.line.setLength(0);
        subscriber.inBody = false;
        subscriber.pendingEvent = null;
    }

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

    private void poll(List<Subscriber> subscribers, long millis) throws IOException {
        selector.select(millis);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException reset) {
                n = -1;
            }
            if (n < 0) {
                key.cancel();
                channel.close();
                if (key.attachment() instanceof Subscriber subscriber && subscriber.channel == channel) {
                    subscriber.reconnectAt =
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000 + random.nextInt(1000));
                }
                continue;
            }
            buffer.flip();
            if (key.attachment() instanceof Subscriber subscriber) {
                scan(subscriber);
            } else if (key.attachment() instanceof CommsClient client) {
                client.receivedBytes += n;
            }
        }
    }

    /** Reads SSE lines (chunk-size lines of the chunked encoding are passed over: they hold no colon). */
    private void scan(Subscriber subscriber) {
        while (buffer.hasRemaining()) {
            char c = (char) (buffer.get() & 0xFF);
            if (c != '\n') {
                if (c != '\r') {
                    subscriber.line.append(c);
                }
                continue;
            }
            String line = subscriber.line.toString();
            subscriber.line.setLength(0);
            if (!subscriber.inBody) {
                subscriber.inBody = line.isEmpty();
                continue;
            }
            if (line.startsWith("event: ")) {
                subscriber.pendingEvent = line.substring(7);
            } else if (line.startsWith("data: ") && subscriber.pendingEvent != null) {
                String event = subscriber.pendingEvent;
                subscriber.pendingEvent = null;
                if (event.equals("connected")) {
                    subscriber.resumed = true;
                } else if (event.equals("reset")) {
                    Matcher lost = Pattern.compile("\"lost\":(\\d+)").matcher(line);
                    if (lost.find()) {
                        subscriber.announcedLost += Long.parseLong(lost.group(1));
                    } else {
                        subscriber.resets++;
                    }
                    // What follows a reset starts a new run of ids.
                    subscriber.lastId = -subscriber.lastId;
                }
            } else if (line.startsWith("id: ")) {
                long id = Long.parseLong(line.substring(4));
                subscriber.received++;
                if (subscriber.lastId < 0 || subscriber.lastId == 0) {
                    subscriber.lastId = id;
                } else if (id == subscriber.lastId + 1) {
                    subscriber.lastId = id;
                } else if (id <= subscriber.lastId) {
                    subscriber.duplicates++;
                } else {
                    subscriber.gaps += id - subscriber.lastId - 1;
                    subscriber.lastId = id;
                }
            }
        }
    }

    private void chat(CommsClient client, String text) throws IOException {
        byte[] payload = ("{\"event\":\"chat\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
        frame.put((byte) 0x81).put((byte) (0x80 | payload.length)).putInt(0);
        frame.put(payload).flip(); // a zero mask leaves the payload as it is
        client.channel.write(frame);
    }

    private void post(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException(path + ": " + response.statusCode());
        }
    }

    /** Reconnects, with their Last-Event-ID, the subscribers whose stream ended and whose retry time has come. */
    private void reconnectDue(List<Subscriber> subscribers, long now) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.reconnectAt != 0 && now >= subscriber.reconnectAt && !subscriber.channel.isOpen()) {
                subscriber.reconnectAt = 0;
                try {
                    connect(subscriber, true);
                } catch (IOException refused) {
                    subscriber.reconnectAt = now + TimeUnit.MILLISECONDS.toNanos(3000 + random.nextInt(1000));
                }
            }
        }
    }

    private void sample(Target server, Writer samples, double seconds) throws IOException {
        long rssKb = server.rssKb();
        double heapMb = Double.NaN;
        try {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher heap = HEAP.matcher(metrics);
            double bytes = 0;
            while (heap.find()) {
                bytes += Double.parseDouble(heap.group(1));
            }
            heapMb = bytes / (1 << 20);
        } catch (IOException | InterruptedException e) {
            // a missed sample shows as NaN
        }
        long pid = server.pid();
        long files;
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            files = fds.count();
        }
        long threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElse(-1);
        double liveMb = Double.NaN;
        if (jvm && sampleCount++ % 6 == 0) {
            liveMb = liveHeapMb(pid, seconds);
        }
        samples.write(
                String.format("%.0f,%.1f,%.1f,%d,%d,%.1f%n", seconds, rssKb / 1024.0, heapMb, files, threads, liveMb));
        samples.flush();
        taken.add(new double[] {seconds, rssKb / 1024.0, liveMb, files, threads});
        System.out.printf(
                "%s  t=%.0fs rss=%.0fMB heap=%.0fMB live=%.0fMB files=%d threads=%d%n",
                Instant.now(), seconds, rssKb / 1024.0, heapMb, liveMb, files, threads);
    }

    /**
     * The heap after a full collection, from {@code jcmd <pid> GC.class_histogram} (which collects first); the
     * histogram's top is kept as {@code histogram-<seconds>.txt}, to find what grows when something does.
     */
    private double liveHeapMb(long pid, double seconds) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            jcmd.waitFor();
            Files.write(
                    out.resolve(String.format("histogram-%05.0f.txt", seconds)),
                    lines.subList(0, Math.min(lines.size(), 40)));
            for (String line : lines) {
                if (line.startsWith("Total")) {
                    String[] fields = line.trim().split("\\s+");
                    return Long.parseLong(fields[2]) / (double) (1 << 20);
                }
            }
        } catch (IOException | InterruptedException e) {
            // a missed sample shows as NaN
        }
        return Double.NaN;
    }

    /**
     * Whether RSS, the heap after GC, open files and threads stayed within 10% after the first ten minutes: for each,
     * the spread (max - min) of the samples from minute 10 on, against their value at minute 10.
     */
    private String flatness() {
        StringBuilder line = new StringBuilder("flat after minute 10 (spread / value at minute 10):");
        String[] names = {"rss", "heap after GC", "open files", "threads"};
        for (int metric = 1; metric <= 4; metric++) {
            double first = Double.NaN, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (double[] sample : taken) {
                double value = sample[metric];
                if (sample[0] < 600 || Double.isNaN(value)) {
                    continue;
                }
                if (Double.isNaN(first)) {
                    first = value;
                }
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            if (Double.isNaN(first)) {
                line.append(String.format(" %s n/a;", names[metric - 1]));
            } else {
                line.append(String.format(
                        " %s %.1f-%.1f (%.0f%%);", names[metric - 1], min, max, 100 * (max - min) / first));
            }
        }
        return line.append(System.lineSeparator()).toString();
    }
}
