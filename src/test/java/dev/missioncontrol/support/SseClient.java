package dev.missioncontrol.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Server-Sent Events stream as a client does: line by line off the socket, frames split on blank
 * lines, each frame handed over as soon as its blank line arrives. A reader thread per stream (test code).
 */
public final class SseClient implements AutoCloseable {

    /** One frame: its fields (last value wins except data, joined by newline) and comment lines. */
    public record Frame(String id, String event, String data, Long retry, List<String> comments) {
        public boolean isComment() {
            return event == null && data == null && id == null && retry == null && !comments.isEmpty();
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Frame END = new Frame(null, "<eof>", null, null, List.of());

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri) {
        return open(uri, Map.of());
    }

    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next frame, or fails after the timeout. Returns a frame with event "<eof>" when the stream ended. */
    public Frame next(Duration timeout) {
        try {
            Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no SSE frame within " + timeout);
            }
            return frame;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public Frame next() {
        return next(Duration.ofSeconds(10));
    }

    /** The next frame that is not a comment. */
    public Frame nextEvent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!frame.isComment()) {
                return frame;
            }
        }
    }

    public Frame nextEvent() {
        return nextEvent(Duration.ofSeconds(10));
    }

    /** Frames already received, without waiting. */
    public List<Frame> drain() {
        List<Frame> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null, event = null, retry = null;
            StringBuilder data = null;
            List<String> comments = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null || retry != null || !comments.isEmpty()) {
                        frames.add(new Frame(
                                id,
                                event,
                                data == null ? null : data.toString(),
                                retry == null ? null : Long.valueOf(retry),
                                List.copyOf(comments)));
                    }
                    id = event = retry = null;
                    data = null;
                    comments.clear();
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "retry" -> retry = value;
                    case "data" ->
                        data = data == null
                                ? new StringBuilder(value)
                                : data.append('\n').append(value);
                    default -> {}
                }
            }
        } catch (Exception e) {
            // closed by the test or the server
        } finally {
            ended = true;
            frames.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
