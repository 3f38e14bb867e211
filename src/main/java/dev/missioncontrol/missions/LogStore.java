package dev.missioncontrol.missions;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where the {@link MissionLog} keeps its entries: in this process, or in Redis shared by every instance. */
interface LogStore {

    /**
     * Appends a hero, dropping the oldest entries past {@code retain}. May block briefly; never on an event loop.
     *
     * @param hero the hero recorded
     * @throws LogUnavailable if the entry could not be written (it was not)
     */
    void append(String hero);

    /**
     * @param limit how many of the newest entries; 0 for all retained
     * @return them, oldest first
     */
    CompletionStage<List<String>> newest(int limit);

    /** @return false while an append would fail (Redis away) */
    boolean isWritable();
}
