package dev.missioncontrol.missions;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where the {@link MissionLog} is read from: this process, or Redis shared by every instance. */
interface LogStore {

    /**
     * @param limit how many of the newest entries; 0 for all retained
     * @return them, oldest first
     */
    CompletionStage<List<LogEntry>> newest(int limit);
}
