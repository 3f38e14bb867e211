package dev.missioncontrol.events;

import io.vertx.redis.client.Response;

/**
 * An event as read from the Redis stream, with when it was published.
 *
 * @param event           the event: its id is the entry id's first part ({@code <n>-0})
 * @param publishedMillis the {@code ms} field: the publish time, in ms since the epoch
 */
record RedisStreamEntry(Event event, long publishedMillis) {

    /**
     * @param entry an XREAD or XREVRANGE entry: {@code [id, [t, type, d, data, ms, millis]]}
     * @return it as an event
     */
    static RedisStreamEntry of(Response entry) {
        String id = entry.get(0).toString();
        long number = Long.parseLong(id.substring(0, id.indexOf('-')));
        Response fields = entry.get(1);
        String type = null;
        byte[] json = null;
        long millis = 0;
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            String name = fields.get(f).toString();
            if ("t".equals(name)) {
                type = fields.get(f + 1).toString();
            } else if ("d".equals(name)) {
                json = fields.get(f + 1).toBuffer().getBytes();
            } else if ("ms".equals(name)) {
                millis = fields.get(f + 1).toLong();
            }
        }
        return new RedisStreamEntry(new Event(number, type, json), millis);
    }
}
