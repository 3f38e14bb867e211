package dev.missioncontrol.comms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.events.EventsConfig;
import dev.missioncontrol.events.RedisEventTransport;
import dev.missioncontrol.redis.EventStreamKeys;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.quarkus.arc.Unremovable;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Comms rooms across every instance on one Redis ({@code transport=redis}).
 *
 * <p>Chats: {@code redis/chat-publish.lua} numbers a chat as a {@code comms.chat} event on the shared event stream
 * and appends it to its room's history, {@code <prefix>:comms:history:<room>}, a list trimmed to {@code history + 1}
 * entries that expires {@code history-ttl} after the room's last chat, in one atomic step. Every instance, the
 * sender's included, then delivers it from the event stream it reads, so each member hears it once and in the
 * stream's order, and a resume reads the list ({@link RedisRoomHistory}). Cost: one list per room with chats, at most
 * {@code history + 1} entries of one event's data each. A chat Redis does not answer within
 * {@value #PUBLISH_TIMEOUT_MILLIS} ms fails; the script is given a deadline in Redis's clock (this instance measures
 * the offset with TIME at every presence refresh), so a chat held up in a paused Redis is not appended after its
 * sender was told it was not.
 *
 * <p>Members: {@code <prefix>:comms:rooms} counts the members of each room across instances (HINCRBY), and each
 * instance lists its own in {@code <prefix>:comms:members:<instance>} (one field per connection and room). Each
 * instance renews its presence in {@code <prefix>:comms:instances} (a sorted set scored by expiry) every
 * {@code presence-refresh}; an instance whose presence is older than {@code presence-ttl} is presumed dead, and the
 * first live instance to sweep removes its members and lowers the counts ({@code redis/room-sweep.lua}), and
 * {@code comms.left} is published for each. Redis commands: EVALSHA, GET, HGET, ZADD, TIME, and those of the
 * scripts (redis.io/commands).
 */
@Singleton
@Typed(RedisRoomRelay.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class RedisRoomRelay implements RoomRelay {

    /** The longest a chat waits for Redis before its sender is told it was not delivered. */
    static final long PUBLISH_TIMEOUT_MILLIS = 2000;
    /** How long after it was sent Redis may still append a chat, in Redis's clock: well inside the timeout. */
    static final long PUBLISH_DEADLINE_MILLIS = 1500;

    private static final Logger LOG = Logger.getLogger(RedisRoomRelay.class);

    private static final RedisScript PUBLISH = RedisScript.load("append-event.lua", "chat-publish.lua");
    private static final RedisScript MEMBERSHIP = RedisScript.load("room-membership.lua");
    private static final RedisScript SWEEP = RedisScript.load("room-sweep.lua");

    private final RedisLink link;
    private final RedisEventTransport events;
    private final EventStreamKeys stream;
    private final String instance = UUID.randomUUID().toString();
    private final RedisRoomHistory history;
    private final String counts;
    private final String membersPrefix;
    private final String members;
    private final String instances;
    private final long presenceTtlMillis;
    private final int capacity;
    private final long historyTtlMillis;
    // Redis's clock minus this instance's, in ms; null until measured, when chats carry no deadline.
    private volatile Long clockOffsetMillis;

    /**
     * @param link   the connections to Redis
     * @param events the shared event stream, whose newest id is each chat's floor
     * @param eventsConfig {@code replay}: how long the event stream is
     * @param config {@code history}, {@code history-ttl} and {@code presence-ttl}
     * @param mapper reads the retained chats
     */
    @Inject
    public RedisRoomRelay(
            RedisLink link,
            RedisEventTransport events,
            EventsConfig eventsConfig,
            CommsConfig config,
            ObjectMapper mapper) {
        this.link = link;
        this.events = events;
        this.stream = EventStreamKeys.of(link, eventsConfig.replay());
        this.history = new RedisRoomHistory(link, mapper);
        this.counts = link.key("comms:rooms");
        this.membersPrefix = link.key("comms:members:");
        this.members = membersPrefix + instance;
        this.instances = link.key("comms:instances");
        this.presenceTtlMillis = config.presenceTtl().toMillis();
        this.capacity = config.history();
        this.historyTtlMillis = config.historyTtl().toMillis();
        refreshPresence();
    }

    @Override
    public CompletionStage<Long> publish(String room, byte[] json) {
        CompletableFuture<Long> published = new CompletableFuture<>();
        link.later(
                PUBLISH_TIMEOUT_MILLIS,
                () -> published.completeExceptionally(
                        new NotDelivered("Redis did not answer within " + PUBLISH_TIMEOUT_MILLIS + " ms")));
        long now = System.currentTimeMillis();
        Long offset = clockOffsetMillis;
        long deadline = offset == null ? 0 : now + offset + PUBLISH_DEADLINE_MILLIS;
        PUBLISH.run(
                        link::send,
                        3,
                        request -> request.arg(stream.sequence())
                                .arg(stream.stream())
                                .arg(history.key(room))
                                .arg(stream.maxlen())
                                .arg(new String(json, StandardCharsets.UTF_8))
                                .arg(now)
                                .arg(events.lastId())
                                .arg(capacity + 1)
                                .arg(deadline)
                                .arg(historyTtlMillis))
                .onSuccess(reply -> {
                    long id = reply.toLong();
                    if (id > 0) {
                        published.complete(id);
                    } else {
                        published.completeExceptionally(new NotDelivered("Redis was too slow to take it"));
                    }
                })
                .onFailure(failure -> published.completeExceptionally(
                        new NotDelivered("Redis is unreachable (" + failure.getMessage() + ")")));
        return published;
    }

    /** @return whether the offset between Redis's clock and this instance's is known, so chats carry a deadline */
    boolean clockKnown() {
        return clockOffsetMillis != null;
    }

    /** Delivered chats are in Redis already: nothing to retain here. */
    @Override
    public void delivered(ChatFrame chat) {}

    @Override
    public CompletionStage<Long> newestId() {
        return link.send(Request.cmd(Command.GET).arg(stream.sequence()))
                .map(sequence -> Math.max(events.lastId(), sequence == null ? 0 : sequence.toLong()))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Recovery> since(String room, long after) {
        return history.retained(room).thenApply(chats -> Recovery.of(chats, capacity, after, 0));
    }

    @Override
    public CompletionStage<List<ChatFrame>> newest(String room, int limit) {
        return history.retained(room).thenApply(chats -> Recovery.newest(chats, capacity, limit));
    }

    @Override
    public CompletionStage<Integer> members(String room, int membersHere) {
        return link.send(Request.cmd(Command.HGET).arg(counts).arg(room))
                .map(count -> count == null ? 0 : count.toInteger())
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Integer> joined(String room, String connection, int membersHere) {
        return membership(room, connection, 1);
    }

    @Override
    public CompletionStage<Integer> left(String room, String connection, int membersHere) {
        return membership(room, connection, -1);
    }

    private CompletionStage<Integer> membership(String room, String connection, int change) {
        return MEMBERSHIP
                .run(
                        link::send,
                        2,
                        request -> request.arg(counts)
                                .arg(members)
                                .arg(room)
                                .arg(connection)
                                .arg(change))
                .map(count -> count.toInteger())
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<Departed>> sweep() {
        refreshPresence();
        return SWEEP.run(
                        link::send,
                        2,
                        request -> request.arg(instances)
                                .arg(counts)
                                .arg(System.currentTimeMillis())
                                .arg(membersPrefix))
                .map(reply -> {
                    List<Departed> departed = new ArrayList<>();
                    for (int i = 0; i + 2 < reply.size(); i += 3) {
                        departed.add(new Departed(
                                reply.get(i).toString(),
                                reply.get(i + 1).toInteger(),
                                reply.get(i + 2).toString()));
                    }
                    return departed;
                })
                .toCompletionStage();
    }

    private void refreshPresence() {
        link.send(Request.cmd(Command.ZADD)
                        .arg(instances)
                        .arg(System.currentTimeMillis() + presenceTtlMillis)
                        .arg(instance))
                .onFailure(failure -> LOG.debugf("presence not renewed: %s", failure.getMessage()));
        long sent = System.currentTimeMillis();
        link.send(Request.cmd(Command.TIME))
                .onSuccess(time -> {
                    long received = System.currentTimeMillis();
                    long redisMillis = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
                    clockOffsetMillis = redisMillis - (sent + received) / 2;
                })
                .onFailure(failure -> LOG.debugf("Redis's clock not read: %s", failure.getMessage()));
    }
}
