package dev.missioncontrol.log;

/**
 * One entry of the mission log.
 *
 * @param hero           the hero recorded
 * @param recordedMillis when, in milliseconds since the epoch; 0 where it is not known (entries written by a version
 *                       that kept no times)
 */
public record LogEntry(String hero, long recordedMillis) {

    /**
     * How an entry is kept in Redis: the hero, then U+001F (UNIT SEPARATOR) and the time. A valid hero holds no control
     * character, so the separator cannot be part of one.
     */
    static final char SEPARATOR = '\u001F';

    /** @return the entry as kept in Redis: {@code hero U+001F millis} */
    public String stored() {
        return hero + SEPARATOR + recordedMillis;
    }

    /**
     * @param stored an entry as kept in Redis: {@code hero}, or {@code hero U+001F millis}
     * @return it as an entry
     */
    public static LogEntry parse(String stored) {
        int at = stored.lastIndexOf(SEPARATOR);
        if (at < 0) {
            return new LogEntry(stored, 0);
        }
        try {
            return new LogEntry(stored.substring(0, at), Long.parseLong(stored.substring(at + 1)));
        } catch (NumberFormatException e) {
            return new LogEntry(stored, 0);
        }
    }
}
