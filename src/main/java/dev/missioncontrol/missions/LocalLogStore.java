package dev.missioncontrol.missions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The log in this process's memory: a bounded deque, emptied by a restart. */
final class LocalLogStore implements LogStore {

    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private final int retain;

    LocalLogStore(int retain) {
        this.retain = retain;
    }

    /**
     * Appends an entry, dropping the oldest past {@code retain}.
     *
     * @param entry the hero recorded, and when
     */
    synchronized void append(LogEntry entry) {
        if (entries.size() == retain) {
            entries.pollFirst();
        }
        entries.addLast(entry);
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
