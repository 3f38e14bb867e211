package dev.missioncontrol.missions;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Who has been dispatched, in the order recorded: one log for the whole application, safe for concurrent
 * writers. Appends are O(1) (a copy-on-write list would copy the whole log on every dispatch).
 */
@ApplicationScoped
public class MissionLog {

    private final List<String> dispatched = new ArrayList<>();

    /** @param hero a validated hero name, appended to the log */
    public synchronized void record(String hero) {
        dispatched.add(hero);
    }

    /** @return a snapshot of the log, oldest first */
    public synchronized List<String> dispatched() {
        return List.copyOf(dispatched);
    }
}
