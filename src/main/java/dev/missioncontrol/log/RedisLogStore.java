package dev.missioncontrol.log;

import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.quarkus.arc.Unremovable;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The log as a Redis list shared by every instance ({@code <prefix>:log}, {@code transport=redis}), read with
 * LRANGE (redis.io/commands/lrange); each entry as {@link LogEntry#stored()} writes it. Entries enter it only
 * through the Lua functions of {@code redis/append-log.lua}: alone ({@link #append}), or from the dispatch queue's
 * record script, in the same atomic step that acknowledges a dispatch. It survives restarts of every instance, and
 * of Redis where Redis keeps an append-only file.
 */
@Singleton
@Typed(RedisLogStore.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class RedisLogStore implements LogStore {

    /** The shared functions that append to the log, for scripts that record in the same step as their own writes. */
    public static final String FUNCTIONS = "append-log.lua";

    private static final RedisScript APPEND = RedisScript.load(FUNCTIONS, "log-append.lua");

    private final RedisLink link;
    private final String key;
    private final int retain;

    /**
     * @param link   the connections to Redis
     * @param config how many entries to keep
     */
    @Inject
    public RedisLogStore(RedisLink link, LogConfig config) {
        this.link = link;
        this.key = key(link);
        this.retain = config.retain();
    }

    /**
     * @param link gives the key prefix
     * @return the list's key, {@code <prefix>:log}
     */
    public static String key(RedisLink link) {
        return link.key("log");
    }

    @Override
    public CompletionStage<Void> append(List<LogEntry> entries) {
        return APPEND.run(link::send, 1, request -> {
                    request.arg(key).arg(retain);
                    entries.forEach(entry -> request.arg(entry.stored()));
                })
                .<Void>mapEmpty()
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<LogEntry>> newest(int limit) {
        return link.send(Request.cmd(Command.LRANGE)
                        .arg(key)
                        .arg(limit <= 0 ? 0 : -limit)
                        .arg(-1))
                .map(RedisLogStore::entries)
                .toCompletionStage();
    }

    private static List<LogEntry> entries(Response reply) {
        List<LogEntry> entries = new ArrayList<>(reply.size());
        for (int i = 0; i < reply.size(); i++) {
            entries.add(LogEntry.parse(reply.get(i).toString()));
        }
        return entries;
    }
}
