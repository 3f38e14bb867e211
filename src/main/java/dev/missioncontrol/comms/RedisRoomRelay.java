package dev.missioncontrol.comms;

import dev.missioncontrol.redis.RedisLink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Comms rooms across every instance on one Redis ({@code transport=redis}): where room messages and member counts
 * come from.
 *
 * <p>Messages: a chat is PUBLISHed on {@code <prefix>:comms}; every instance, the sender's included, SUBSCRIBEs on
 * a connection of its own and hands each message to its local fan-out, so each member hears it exactly once.
 *
 * <p>Members: {@code <prefix>:comms:rooms} counts the members of each room across instances (HINCRBY), and each
 * instance lists its own in {@code <prefix>:comms:members:<instance>} (one field per connection and room). Each
 * instance renews its presence in {@code <prefix>:comms:instances} (a sorted set scored by expiry) every
 * {@code presence-refresh}; an instance whose presence is older than {@code presence-ttl} is presumed dead, and the
 * first live instance to sweep removes its members, lowers the counts and publishes {@code comms.left} for each.
 * Redis commands: PUBLISH, SUBSCRIBE, HINCRBY, HSET, HDEL, HKEYS, ZADD, ZRANGEBYSCORE, ZREM (redis.io/commands).
 */
@Singleton
@Unremovable
public class RedisRoomRelay {

    private static final Logger LOG = Logger.getLogger(RedisRoomRelay.class);

    /** KEYS: counts, members of this instance. ARGV: room, connection, +1 or -1. Returns the room's count. */
    static final String MEMBERSHIP = """
            local field = ARGV[2] .. '|' .. ARGV[1]
            if ARGV[3] == '1' then
              if redis.call('HSETNX', KEYS[2], field, '1') == 0 then
                return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
              end
              return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            end
            if redis.call('HDEL', KEYS[2], field) == 0 then
              return tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            end
            local count = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if count <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return math.max(count, 0)
            """;

    /**
     * KEYS: instances, counts. ARGV: now (ms), members-key prefix. Removes every instance whose presence expired and
     * its members; returns {room, count, connection} triples flattened, for the comms.left events.
     */
    static final String SWEEP = """
            local left = {}
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            for _, instance in ipairs(dead) do
              redis.call('ZREM', KEYS[1], instance)
              local members = ARGV[2] .. instance
              for _, field in ipairs(redis.call('HKEYS', members)) do
                local bar = string.find(field, '|', 1, true)
                local connection = string.sub(field, 1, bar - 1)
                local room = string.sub(field, bar + 1)
                local count = redis.call('HINCRBY', KEYS[2], room, -1)
                if count <= 0 then redis.call('HDEL', KEYS[2], room) count = 0 end
                table.insert(left, room)
                table.insert(left, tostring(count))
                table.insert(left, connection)
              end
              redis.call('DEL', members)
            end
            return left
            """;

    /** A member removed with its dead instance: publish {@code comms.left} for it. */
    public record Departed(String room, int members, String connection) {
    }

    private final RedisLink link;
    private final String instance = UUID.randomUUID().toString();
    private final String channel;
    private final String counts;
    private final String membersPrefix;
    private final String members;
    private final String instances;
    private final long presenceTtlMillis;
    private final Counter dropped;
    private volatile RedisConnection publisher;
    private volatile boolean started;

    /**
     * @param link        the connections to Redis
     * @param config   {@code presence-ttl}: how long an instance counts as alive after its last presence refresh
     * @param registry where the meters go
     */
    @Inject
    public RedisRoomRelay(RedisLink link, CommsConfig config, MeterRegistry registry) {
        this.link = link;
        this.channel = link.key("comms");
        this.counts = link.key("comms:rooms");
        this.membersPrefix = link.key("comms:members:");
        this.members = membersPrefix + instance;
        this.instances = link.key("comms:instances");
        this.presenceTtlMillis = config.presenceTtl().toMillis();
        this.dropped = Counter.builder("mission_control.redis.comms.dropped")
                .description("Room messages not sent because Redis was away").register(registry);
    }

    /**
     * Subscribes to the rooms' channel and announces this instance. Called once, when comms use Redis.
     *
     * @param deliver hands a room message (room, text) to this instance's members
     */
    public void start(BiConsumer<String, String> deliver) {
        if (started) {
            return;
        }
        started = true;
        link.maintain("comms-subscribe", connection -> {
            connection.handler(push -> {
                // RESP2 push: ["message", channel, payload]; payload is "<room>\n<text>".
                if (push.size() == 3 && "message".equals(push.get(0).toString())) {
                    String payload = push.get(2).toString();
                    int newline = payload.indexOf('\n');
                    if (newline > 0) {
                        deliver.accept(payload.substring(0, newline), payload.substring(newline + 1));
                    }
                }
            });
            connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        }, () -> { });
        link.maintain("comms-publish", connection -> publisher = connection, () -> publisher = null);
        refreshPresence();
    }

    /**
     * Sends a room message to every instance (this one included, which delivers it when Redis hands it back).
     *
     * @param room the room
     * @param text the message
     */
    public void publish(String room, String text) {
        RedisConnection connection = publisher;
        if (connection == null) {
            dropped.increment();
            return;
        }
        connection.send(Request.cmd(Command.PUBLISH).arg(channel).arg(room + "\n" + text))
                .onFailure(failure -> dropped.increment());
    }

    /**
     * @param room       the room joined
     * @param connection who joined
     * @return the room's members across every instance, after the join
     */
    public Future<Integer> joined(String room, String connection) {
        return membership(room, connection, 1);
    }

    /**
     * @param room       the room left
     * @param connection who left
     * @return the room's members across every instance, after the leave
     */
    public Future<Integer> left(String room, String connection) {
        return membership(room, connection, -1);
    }

    private Future<Integer> membership(String room, String connection, int change) {
        return link.send(Request.cmd(Command.EVAL).arg(MEMBERSHIP).arg(2).arg(counts).arg(members).arg(room)
                .arg(connection).arg(change)).map(count -> count.toInteger());
    }

    /** Renews this instance's presence; called every {@code presence-refresh}. */
    public void refreshPresence() {
        link.send(Request.cmd(Command.ZADD).arg(instances).arg(System.currentTimeMillis() + presenceTtlMillis)
                .arg(instance)).onFailure(failure -> LOG.debugf("presence not renewed: %s", failure.getMessage()));
    }

    /**
     * Removes the members of every instance whose presence expired.
     *
     * @return what was removed, for the {@code comms.left} events
     */
    public Future<List<Departed>> sweep() {
        return link.send(Request.cmd(Command.EVAL).arg(SWEEP).arg(2).arg(instances).arg(counts)
                .arg(System.currentTimeMillis()).arg(membersPrefix)).map(reply -> {
                    List<Departed> departed = new ArrayList<>();
                    for (int i = 0; i + 2 < reply.size(); i += 3) {
                        departed.add(new Departed(reply.get(i).toString(), reply.get(i + 1).toInteger(),
                                reply.get(i + 2).toString()));
                    }
                    return departed;
                });
    }

    /** Leaves the presence set at shutdown, after this instance's members have left. */
    public void stop() {
        link.send(Request.cmd(Command.ZREM).arg(instances).arg(instance));
    }
}
