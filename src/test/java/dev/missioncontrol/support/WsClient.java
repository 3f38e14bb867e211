package dev.missioncontrol.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that queues received text messages and remembers the close code. */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static WsClient connect(URI uri) {
        return new WsClient(uri, Map.of());
    }

    /**
     * Attempts an upgrade that the server must refuse.
     *
     * @return the HTTP status of the refusal
     */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
        java.util.concurrent.CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class,
                () -> connect(uri, headers).close());
        org.junit.jupiter.api.Assertions.assertTrue(
                refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        return ((java.net.http.WebSocketHandshakeException) refused.getCause())
                .getResponse()
                .statusCode();
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(uri, headers);
    }

    public WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The next text message, or fails after the timeout. */
    public String next(Duration timeout) {
        try {
            String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String next() {
        return next(Duration.ofSeconds(10));
    }

    /**
     * Reads messages until one matches, for up to 20 seconds.
     *
     * @param wanted which message
     * @return true once one matched; an AssertionError when none came in time
     */
    public boolean awaitMessage(java.util.function.Predicate<String> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            if (wanted.test(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))) {
                return true;
            }
        }
    }

    /** A message already received, without waiting, or null. */
    public String poll() {
        return messages.poll();
    }

    /** The close status code the server sent, waiting up to the timeout. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    /** The close code if the server already closed, else null. */
    public Integer closeCodeIfClosed() {
        return closed.getNow(null);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
