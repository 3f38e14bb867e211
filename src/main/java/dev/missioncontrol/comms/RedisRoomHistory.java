package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.redis.RedisLink;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The chats each room retains in Redis ({@code transport=redis}): the list {@code <prefix>:comms:history:<room>},
 * whose entries are {@code <id>\n<comms.chat event data>}, oldest first, written by {@code redis/chat-publish.lua}
 * and read here with LRANGE (redis.io/commands/lrange).
 */
final class RedisRoomHistory {

    private final RedisLink link;
    private final ObjectMapper mapper;
    private final String prefix;

    /**
     * @param link   the connections to Redis
     * @param mapper reads the retained chats
     */
    RedisRoomHistory(RedisLink link, ObjectMapper mapper) {
        this.link = link;
        this.mapper = mapper;
        this.prefix = link.key("comms:history:");
    }

    /** @return the Redis key of the room's history list */
    String key(String room) {
        return prefix + room;
    }

    /** @return the room's retained chats, oldest first; fails if Redis does not answer */
    CompletionStage<List<ChatFrame>> retained(String room) {
        return link.send(Request.cmd(Command.LRANGE).arg(key(room)).arg(0).arg(-1))
                .map(this::chats)
                .toCompletionStage();
    }

    private List<ChatFrame> chats(Response entries) {
        List<ChatFrame> chats = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            byte[] bytes = entry.toBytes();
            int newline = 0;
            while (bytes[newline] != '\n') {
                newline++;
            }
            long id = Long.parseLong(new String(bytes, 0, newline, StandardCharsets.US_ASCII));
            chats.add(ChatFrame.of(id, Arrays.copyOfRange(bytes, newline + 1, bytes.length), mapper));
        }
        return chats;
    }
}
