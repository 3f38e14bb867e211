package dev.missioncontrol.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The receiving side of the load client: thousands of subscriber sockets on one thread and one selector, read
 * into one shared buffer and scanned for sequence numbers, with no HTTP or WebSocket decoding at all (the
 * scanner skips headers, chunk sizes and frame headers), so that the client costs as little CPU as it can.
 * Opens SSE subscribers with a plain GET and WebSocket receivers with a fixed-key upgrade request.
 */
final class Receivers implements AutoCloseable {

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final List<SocketChannel> open = new ArrayList<>();
    private volatile boolean running = true;

    private byte[] marker = new byte[] {0};
    private AtomicLongArray sentNanos = new AtomicLongArray(1);
    private Histogram latency = new Histogram(120_000_000_000L, 3);

    /** Per-connection scanning state, attached to the selection key. */
    private final class Connection {
        int matched;
        boolean inDigits;
        long value;
        long bytes;
    }

    Receivers() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, "bench-receivers");
        thread.setDaemon(true);
        thread.start();
    }

    private <T> T call(java.util.function.Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        commands.add(() -> {
            try {
                result.complete(action.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        selector.wakeup();
        return result.get(300, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts a run: receipts of {@code marker<seq>} are timed against {@code sent}. */
    void expect(String marker, AtomicLongArray sent) throws Exception {
        call(() -> {
            this.marker = marker.getBytes(StandardCharsets.US_ASCII);
            this.sentNanos = sent;
            this.latency = new Histogram(120_000_000_000L, 3);
            return null;
        });
    }

    /**
     * Stops timing receipts: from now on the connections are only read and their bytes counted, for runs where
     * what matters is that subscribers drain their streams, not when each event arrives (scanning every byte of
     * 2 GB/s would take the client more CPU than the server has).
     */
    void discard() throws Exception {
        call(() -> {
            this.marker = null;
            return null;
        });
    }

    /** Bytes read so far by every connection opened since the last {@link #closeAll()}. */
    long bytesRead() throws Exception {
        return call(() -> {
            long total = 0;
            for (SocketChannel channel : open) {
                SelectionKey key = channel.keyFor(selector);
                if (key != null) {
                    total += ((Connection) key.attachment()).bytes;
                }
            }
            return total;
        });
    }

    /** Receipts so far in this run. */
    long received() throws Exception {
        return call(() -> latency.getTotalCount());
    }

    /** A copy of this run's latencies, in nanoseconds. */
    Histogram latency() throws Exception {
        return call(() -> latency.copy());
    }

    /**
     * Opens {@code count} connections that each send {@code request} and then only read. Connects in waves of
     * {@code parallel} so the server's accept queue never overflows.
     */
    void open(int port, String request, int count) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        int opened = 0;
        while (opened < count) {
            int wave = Math.min(256, count - opened);
            List<SocketChannel> channels = new ArrayList<>();
            for (int i = 0; i < wave; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                ByteBuffer out = ByteBuffer.wrap(bytes);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.configureBlocking(false);
                channels.add(channel);
            }
            List<Connection> connections = new ArrayList<>();
            call(() -> {
                for (SocketChannel channel : channels) {
                    try {
                        Connection connection = new Connection();
                        channel.register(selector, SelectionKey.OP_READ, connection);
                        connections.add(connection);
                        open.add(channel);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return null;
            });
            awaitAnswered(connections);
            opened += wave;
        }
    }

    /**
     * Waits until the server has answered every connection (the first bytes of its response): only then is each one
     * a subscriber, so no publish of the measured run can precede a subscription. A server slow to take subscribers
     * (a cold JIT) would otherwise lose the first events to the ones it had not yet taken.
     */
    private void awaitAnswered(List<Connection> connections) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (call(() -> connections.stream().anyMatch(c -> c.bytes == 0))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer every connection within 60 s");
            }
            Thread.sleep(5); // a poll of the selector thread's counters; the load client measures nothing here
        }
    }

    /** Closes every connection. */
    void closeAll() throws Exception {
        call(() -> {
            for (SocketChannel channel : open) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
            open.clear();
            return null;
        });
    }

    static String sseRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    }

    static String webSocketRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        read(key);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection connection = (Connection) key.attachment();
        try {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                key.cancel();
                channel.close();
                return;
            }
            connection.bytes += n;
            if (marker != null) {
                scan(connection, n);
            }
        } catch (IOException e) {
            key.cancel();
        }
    }

    private void scan(Connection c, int length) {
        byte[] marker = this.marker;
        for (int i = 0; i < length; i++) {
            byte b = buffer.get(i);
            if (c.inDigits) {
                if (b >= '0' && b <= '9') {
                    c.value = c.value * 10 + (b - '0');
                    continue;
                }
                c.inDigits = false;
                c.matched = 0;
                seen(c.value);
            }
            if (b == marker[c.matched]) {
                if (++c.matched == marker.length) {
                    c.inDigits = true;
                    c.value = 0;
                }
            } else {
                c.matched = b == marker[0] ? 1 : 0;
            }
        }
    }

    private void seen(long sequence) {
        if (sequence >= 0 && sequence < sentNanos.length()) {
            long sent = sentNanos.get((int) sequence);
            if (sent != 0) {
                latency.recordValue(Math.max(0, System.nanoTime() - sent));
            }
        }
    }

    @Override
    public void close() throws Exception {
        closeAll();
        running = false;
        selector.wakeup();
        thread.join(5000);
        selector.close();
    }
}
