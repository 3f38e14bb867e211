package dev.missioncontrol.log;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The log in this process's memory ({@code transport=local}): a bounded deque, emptied by a restart. */
@Singleton
@Typed(LocalLogStore.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class LocalLogStore implements LogStore {

    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private final int retain;

    /** @param config how many entries to keep */
    @Inject
    public LocalLogStore(LogConfig config) {
        this(config.retain());
    }

    /** @param retain how many entries to keep, at least 1 */
    public LocalLogStore(int retain) {
        this.retain = retain;
    }

    @Override
    public synchronized CompletionStage<Void> append(List<LogEntry> added) {
        for (LogEntry entry : added) {
            if (entries.size() == retain) {
                entries.pollFirst();
            }
            entries.addLast(entry);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<LogEntry>> newest(int limit) {
        return CompletableFuture.completedFuture(copy(limit));
    }

    private synchronized List<LogEntry> copy(int limit) {
        int count = limit <= 0 ? entries.size() : Math.min(limit, entries.size());
        List<LogEntry> newest = new ArrayList<>(count);
        Iterator<LogEntry> backwards = entries.descendingIterator();
        for (int i = 0; i < count; i++) {
            newest.add(backwards.next());
        }
        Collections.reverse(newest);
        return newest;
    }
}
