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

    private final ArrayDeque<String> entries = new ArrayDeque<>();
    private final int retain;

    LocalLogStore(int retain) {
        this.retain = retain;
    }

    /**
     * Appends a hero, dropping the oldest entry past {@code retain}.
     *
     * @param hero the hero recorded
     */
    synchronized void append(String hero) {
        if (entries.size() == retain) {
            entries.pollFirst();
        }
        entries.addLast(hero);
    }

    @Override
    public CompletionStage<List<String>> newest(int limit) {
        return CompletableFuture.completedFuture(copy(limit));
    }

    private synchronized List<String> copy(int limit) {
        int count = limit <= 0 ? entries.size() : Math.min(limit, entries.size());
        List<String> newest = new ArrayList<>(count);
        Iterator<String> backwards = entries.descendingIterator();
        for (int i = 0; i < count; i++) {
            newest.add(backwards.next());
        }
        Collections.reverse(newest);
        return newest;
    }
}
