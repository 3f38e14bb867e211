package dev.missioncontrol.missions;

import dev.missioncontrol.redis.RedisLink;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The log as a Redis list shared by every instance ({@code <prefix>:log}): RPUSH then LTRIM to the newest
 * {@code retain} in one atomic script; read with LRANGE (redis.io/commands/rpush, ltrim, lrange). It survives
 * restarts of every instance, and of Redis where Redis keeps an append-only file.
 */
final class RedisLogStore implements LogStore {

    private static final String APPEND = """
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            return 1
            """;
    private static final long WRITE_TIMEOUT_MILLIS = 2000;

    private final RedisLink link;
    private final String key;
    private final int retain;

    RedisLogStore(RedisLink link, int retain) {
        this.link = link;
        this.key = link.key("log");
        this.retain = retain;
    }

    @Override
    public void append(String hero) {
        try {
            link.send(Request.cmd(Command.EVAL).arg(APPEND).arg(1).arg(key).arg(hero).arg(retain))
                    .toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailable("interrupted while writing the mission log", e);
        } catch (Exception e) {
            throw new LogUnavailable("the mission log in Redis could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<List<String>> newest(int limit) {
        return link.send(Request.cmd(Command.LRANGE).arg(key).arg(limit <= 0 ? 0 : -limit).arg(-1))
                .map(RedisLogStore::strings).toCompletionStage();
    }

    private static List<String> strings(Response reply) {
        List<String> entries = new ArrayList<>(reply.size());
        for (int i = 0; i < reply.size(); i++) {
            entries.add(reply.get(i).toString());
        }
        return entries;
    }

    @Override
    public boolean isWritable() {
        return link.allConnected();
    }
}
