package dev.missioncontrol.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The load client: every connection on one Vert.x event loop, non-blocking, one shared HTTP client and one
 * WebSocket client for all of them, and a few bytes of scanner state per connection. It shares the machine's two
 * cores with the server, so it does as little per frame as it can: it never parses a frame, it only finds the
 * sequence number the publisher wrote into it.
 */
final class LoadClient implements AutoCloseable {

    /** What one fan-out run measured. */
    record Fanout(long expected, long delivered, double publishesPerSecond, double p50Millis, double p99Millis,
            double maxMillis) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1).setBlockedThreadCheckInterval(60_000));
    private final HttpClient streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setTcpNoDelay(true).setConnectTimeout(30_000).setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(100_000).setMaxWaitQueueSize(-1));
    private final HttpClient publisher = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
            .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(4));
    private final WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(100_000).setConnectTimeout(30_000).setTcpNoDelay(true));
    private final List<HttpConnection> openStreams = new ArrayList<>();
    private final List<WebSocket> openSockets = new ArrayList<>();
    private Recorder recorder;

    /** Latencies of one run, touched only on the event loop. */
    private static final class Recorder implements Scanner.Sink {
        final long[] sentNanos;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);

        Recorder(int events) {
            sentNanos = new long[events];
        }

        @Override
        public void seen(long sequence) {
            if (sequence >= 0 && sequence < sentNanos.length && sentNanos[(int) sequence] != 0) {
                latency.recordValue(Math.max(0, System.nanoTime() - sentNanos[(int) sequence]));
            }
        }
    }

    private <T> T onLoop(Function<Promise<T>, Void> action, long timeoutSeconds) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            Promise<T> promise = Promise.promise();
            promise.future().onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            });
            action.apply(promise);
        });
        return result.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** Opens {@code count} connections, at most {@code parallel} handshakes at a time. */
    private void openMany(int count, int parallel, Function<Integer, Future<?>> open) throws Exception {
        this.<Void>onLoop(done -> {
            int[] next = {0};
            int[] finished = {0};
            if (count == 0) {
                done.complete();
                return null;
            }
            Runnable[] launch = new Runnable[1];
            launch[0] = () -> {
                int index = next[0]++;
                open.apply(index).onComplete(ar -> {
                    if (ar.failed()) {
                        done.tryFail(ar.cause());
                        return;
                    }
                    if (++finished[0] == count) {
                        done.tryComplete();
                    } else if (next[0] < count) {
                        launch[0].run();
                    }
                });
            };
            for (int i = 0; i < Math.min(parallel, count); i++) {
                launch[0].run();
            }
            return null;
        }, 300);
    }

    /** Opens SSE subscribers on {@code path}; each scans what it receives for {@code marker}, or only drains it. */
    void openStreams(int port, String path, int count, byte[] marker) throws Exception {
        openMany(count, 256, index -> streams.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
                        .setURI(path).setMethod(HttpMethod.GET).putHeader("Accept", "text/event-stream"))
                .compose(request -> request.send())
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("subscriber got " + response.statusCode());
                    }
                    if (marker == null) {
                        response.handler(chunk -> { });
                    } else {
                        Scanner scanner = new Scanner(marker, sequence -> recorder.seen(sequence));
                        response.handler(scanner::scan);
                    }
                    openStreams.add(response.request().connection());
                    return null;
                }));
    }

    /** Opens comms WebSocket clients; each scans what it receives for {@code marker}. */
    void openSockets(int port, int count, byte[] marker) throws Exception {
        openMany(count, 256, index -> sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                        .setPort(port).setURI("/comms"))
                .map(socket -> {
                    Scanner scanner = new Scanner(marker, sequence -> recorder.seen(sequence));
                    socket.handler(scanner::scan);
                    openSockets.add(socket);
                    return null;
                }));
    }

    /** Closes every open subscriber and socket. */
    void closeAll() throws Exception {
        this.<Void>onLoop(done -> {
            openStreams.forEach(HttpConnection::close);
            openSockets.forEach(socket -> socket.close());
            openStreams.clear();
            openSockets.clear();
            vertx.setTimer(500, id -> done.complete());
            return null;
        }, 60);
    }

    int open() throws Exception {
        return this.<Integer>onLoop(done -> {
            done.complete(openStreams.size() + openSockets.size());
            return null;
        }, 10);
    }

    /**
     * Publishes {@code events} times every {@code periodMillis} with {@code publish(sequence)} (which returns when
     * the publish was acknowledged), then waits until {@code receivers × events} receipts or {@code drainSeconds}.
     */
    Fanout fanOut(int events, long periodMillis, long receivers, long drainSeconds,
            Function<Integer, Future<?>> publish) throws Exception {
        long expected = receivers * events;
        return this.<Fanout>onLoop(done -> {
            recorder = new Recorder(events);
            long[] firstSent = {0};
            long[] lastAck = {0};
            int[] acked = {0};
            int[] sequence = {0};
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
                recorder.sentNanos[current] = now;
                publish.apply(current).onComplete(ar -> {
                    if (ar.failed()) {
                        done.tryFail(ar.cause());
                        return;
                    }
                    lastAck[0] = System.nanoTime();
                    acked[0]++;
                });
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds) + events * periodMillis * 1_000_000L;
            vertx.setPeriodic(50, check -> {
                boolean all = recorder.latency.getTotalCount() >= expected && acked[0] == events;
                if (all || System.nanoTime() > deadline) {
                    vertx.cancelTimer(check);
                    Histogram h = recorder.latency;
                    double seconds = Math.max(1e-9, (lastAck[0] - firstSent[0]) / 1e9);
                    done.complete(new Fanout(expected, h.getTotalCount(), acked[0] / seconds,
                            h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6));
                }
            });
            return null;
        }, drainSeconds + events * periodMillis / 1000 + 60);
    }

    /** A publish by HTTP POST of {@code body} (may be empty) to {@code path}, acknowledged by a 2xx. */
    Future<?> post(int port, String path, String body) {
        return publisher.request(HttpMethod.POST, port, "127.0.0.1", path)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + b);
                    }
                    return null;
                }));
    }

    /** A WebSocket connection used to send chat (its own receipts are not counted). */
    WebSocket sender(int port) throws Exception {
        return this.<WebSocket>onLoop(done -> {
            sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/comms"))
                    .onSuccess(socket -> {
                        socket.handler(ignored -> { });
                        done.complete(socket);
                    }).onFailure(done::fail);
            return null;
        }, 30);
    }

    static byte[] marker(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static <T> Consumer<T> ignore() {
        return t -> { };
    }
}
