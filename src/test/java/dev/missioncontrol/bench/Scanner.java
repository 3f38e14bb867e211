package dev.missioncontrol.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Finds sequence numbers written as {@code <marker><digits>} in a byte stream, across chunk boundaries, without
 * allocating: one small state object per connection.
 */
final class Scanner {

    interface Sink {
        void seen(long sequence);
    }

    private final byte[] marker;
    private final Sink sink;
    private int matched;
    private boolean inDigits;
    private long value;

    Scanner(byte[] marker, Sink sink) {
        this.marker = marker;
        this.sink = sink;
    }

    void scan(Buffer chunk) {
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            byte b = chunk.getByte(i);
            if (inDigits) {
                if (b >= '0' && b <= '9') {
                    value = value * 10 + (b - '0');
                    continue;
                }
                inDigits = false;
                matched = 0;
                sink.seen(value);
            }
            if (b == marker[matched]) {
                if (++matched == marker.length) {
                    inDigits = true;
                    value = 0;
                }
            } else {
                matched = b == marker[0] ? 1 : 0;
            }
        }
    }
}
