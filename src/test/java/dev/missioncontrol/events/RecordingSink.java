package dev.missioncontrol.events;

import dev.missioncontrol.fanout.FrameSink;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link FrameSink} that records what is written and can pretend its socket is full. */
final class RecordingSink implements FrameSink {

    private static final Pattern ID = Pattern.compile("^id: (\\d+)$", Pattern.MULTILINE);

    private final StringBuilder written = new StringBuilder();
    volatile boolean full;
    volatile boolean ended;
    volatile boolean aborted;
    private Runnable drain;

    @Override
    public synchronized void write(Buffer frame) {
        written.append(frame.toString());
    }

    @Override
    public boolean writeQueueFull() {
        return full;
    }

    @Override
    public synchronized void drainHandler(Runnable handler) {
        this.drain = handler;
    }

    @Override
    public synchronized void end(Buffer last) {
        written.append(last.toString());
        ended = true;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    synchronized String text() {
        return written.toString();
    }

    synchronized Runnable takeDrain() {
        Runnable handler = drain;
        drain = null;
        return handler;
    }

    /** The ids of the event frames written, in order. */
    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(text());
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }
}
