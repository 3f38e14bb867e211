package dev.missioncontrol.missions;

import dev.missioncontrol.redis.RedisLink;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The log as a Redis list shared by every instance ({@code <prefix>:log}), read with LRANGE (redis.io/commands/lrange);
 * each entry is the hero and its record time ({@link LogEntry#SEPARATOR}).
 * It is written by {@link RedisDispatchQueue}'s record script (RPUSH, then LTRIM to the newest {@code retain}) in the
 * same atomic step that acknowledges the dispatch. It survives restarts of every instance, and of Redis where Redis
 * keeps an append-only file.
 */
final class RedisLogStore implements LogStore {

    /** The list's key, after the prefix. */
    static final String KEY = "log";

    private final RedisLink link;
    private final String key;

    RedisLogStore(RedisLink link) {
        this.link = link;
        this.key = link.key(KEY);
    }

    @Override
    public CompletionStage<List<LogEntry>> newest(int limit) {
        return link.send(Request.cmd(Command.LRANGE).arg(key).arg(limit <= 0 ? 0 : -limit).arg(-1))
                .map(RedisLogStore::strings).toCompletionStage();
    }

    private static List<LogEntry> strings(Response reply) {
        List<LogEntry> entries = new ArrayList<>(reply.size());
        for (int i = 0; i < reply.size(); i++) {
            entries.add(LogEntry.parse(reply.get(i).toString()));
        }
        return entries;
    }
}
