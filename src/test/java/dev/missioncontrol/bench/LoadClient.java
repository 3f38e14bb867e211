package dev.missioncontrol.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The load client. Receivers (SSE subscribers and WebSocket clients) are raw non-blocking sockets on one thread
 * ({@link Receivers}); the publisher is one keep-alive HTTP connection or one WebSocket on one Vert.x event loop.
 * It shares the machine's two cores with the server, so it does as little per frame as it can.
 */
final class LoadClient implements AutoCloseable {

    /** What one fan-out run measured. */
    record Fanout(
            long expected,
            long delivered,
            double publishesPerSecond,
            double p50Millis,
            double p99Millis,
            double maxMillis) {}

    final Receivers receivers;
    private final Vertx vertx = Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    private final HttpClient publisher = vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(4));

    LoadClient() throws Exception {
        receivers = new Receivers();
    }

    /**
     * Publishes {@code events} times, one every {@code periodMillis}, with {@code publish(sequence)} (a future
     * completed when the publish was acknowledged), then waits until {@code receiverCount × events} receipts of
     * {@code marker<sequence>} or {@code drainSeconds} after the last publish.
     */
    Fanout fanOut(
            String marker,
            int events,
            long periodMillis,
            long receiverCount,
            long drainSeconds,
            Function<Integer, Future<?>> publish)
            throws Exception {
        long expected = receiverCount * events;
        AtomicLongArray sent = new AtomicLongArray(events);
        receivers.expect(marker, sent);
        long[] firstSent = {0};
        long[] lastAck = {0};
        CompletableFuture<Integer> acknowledged = new CompletableFuture<>();
        vertx.runOnContext(start -> {
            int[] sequence = {0};
            int[] acked = {0};
            vertx.setPeriodic(periodMillis, timer -> {
                int current = sequence[0]++;
                if (current >= events) {
                    vertx.cancelTimer(timer);
                    return;
                }
                long now = System.nanoTime();
                if (current == 0) {
                    firstSent[0] = now;
                }
                sent.set(current, now);
                publish.apply(current).onComplete(ar -> {
                    if (ar.failed()) {
                        acknowledged.completeExceptionally(ar.cause());
                        return;
                    }
                    lastAck[0] = System.nanoTime();
                    if (++acked[0] == events) {
                        acknowledged.complete(acked[0]);
                    }
                });
            });
        });
        int acked = acknowledged.get(events * periodMillis / 1000 + 120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (receivers.received() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling the receiver thread for completion, bounded by the deadline
        }
        Histogram h = receivers.latency();
        double seconds = Math.max(1e-9, (lastAck[0] - firstSent[0]) / 1e9);
        return new Fanout(
                expected,
                h.getTotalCount(),
                acked / seconds,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);
    }

    /** A publish by HTTP POST of {@code body} (null for none) to {@code path}, acknowledged by a 2xx. */
    Future<?> post(int port, String path, String body) {
        return publisher
                .request(HttpMethod.POST, port, "127.0.0.1", path)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + b);
                    }
                    return null;
                }));
    }

    /**
     * A GET on the publisher's connection pool, waited for; for readings between rows. The benchmark once made a new
     * JDK HTTP client for each reading, and the load client's own start-up work for it then delayed the first ten
     * events of the next row by 30-100 ms.
     */
    String get(int port, String path) throws Exception {
        return publisher
                .request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> request.send())
                .compose(response -> response.body().map(Buffer::toString))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A WebSocket connection to {@code /comms} that sends chat; what it receives is not counted. */
    WebSocket sender(int port) throws Exception {
        return vertx.createWebSocketClient(new WebSocketClientOptions().setTcpNoDelay(true))
                .connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/comms"))
                .map(socket -> {
                    socket.handler(ignored -> {});
                    return socket;
                })
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        receivers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
