package dev.missioncontrol.redis;

/**
 * Where the shared event stream lives in Redis, for every script that appends to it with {@code append_event}
 * ({@code redis/append-event.lua}): the event transport's publish, and the dispatch queue's accept and record, which
 * publish in the same atomic step as their own writes.
 *
 * @param sequence the key of the event counter, {@code <prefix>:events:sequence}
 * @param stream   the key of the stream, {@code <prefix>:events}
 * @param maxlen   about how many entries the stream keeps ({@code mission-control.events.replay})
 */
public record EventStreamKeys(String sequence, String stream, int maxlen) {

    /**
     * @param link   gives the key prefix
     * @param replay {@code mission-control.events.replay}
     * @return the keys of this deployment's stream
     */
    public static EventStreamKeys of(RedisLink link, int replay) {
        return new EventStreamKeys(link.key("events:sequence"), link.key("events"), replay);
    }
}
