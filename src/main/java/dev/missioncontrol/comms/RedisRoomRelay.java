package dev.missioncontrol.comms;

import dev.missioncontrol.redis.ProbeWatch;
import dev.missioncontrol.redis.RedisLink;
import dev.missioncontrol.redis.RedisScript;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
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
 * first live instance to sweep removes its members and lowers the counts ({@code redis/room-sweep.lua}), and
 * {@code comms.left} is published for each. Redis commands: PUBLISH, SUBSCRIBE, ZADD, EVALSHA, and those of
 * {@code redis/room-membership.lua} and {@code redis/room-sweep.lua} (redis.io/commands).
 */
@Singleton
@Typed(RedisRoomRelay.class)
// Looked up only by TransportWiring, and only when chosen, so the container must keep it.
@Unremovable
public class RedisRoomRelay implements RoomRelay {

    private static final Logger LOG = Logger.getLogger(RedisRoomRelay.class);

    private static final RedisScript MEMBERSHIP = RedisScript.load("room-membership.lua");
    private static final RedisScript SWEEP = RedisScript.load("room-sweep.lua");

    private final RedisLink link;
    private final String instance = UUID.randomUUID().toString();
    private final String channel;
    private final String counts;
    private final String membersPrefix;
    private final String members;
    private final String instances;
    private final long presenceTtlMillis;
    private final Counter dropped;
    private final ProbeWatch probe = new ProbeWatch("comms message");
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
                .description("Room messages not sent because Redis was away")
                .register(registry);
    }

    /** Subscribes to the rooms' channel and announces this instance. */
    @Override
    public void start(BiConsumer<String, String> deliver) {
        if (started) {
            return;
        }
        started = true;
        link.maintain(
                "comms-subscribe",
                connection -> {
                    connection.handler(push -> {
                        // RESP2 push: ["message", channel, payload]; payload is "<room>\n<text>".
                        if (push.size() == 3 && "message".equals(push.get(0).toString())) {
                            String payload = push.get(2).toString();
                            int newline = payload.indexOf('\n');
                            if (newline > 0) {
                                deliver.accept(payload.substring(0, newline), payload.substring(newline + 1));
                            } else if (newline == 0 && payload.substring(1).equals(instance)) {
                                probe.heard(); // a probe: no room name, never delivered
                            }
                        }
                    });
                    connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
                },
                () -> {});
        link.maintain("comms-publish", connection -> publisher = connection, () -> publisher = null);
        refreshPresence();
        probeAgain();
    }

    // A message with no room, "\n<instance>", which every instance's subscription hears and none delivers.
    private void probeAgain() {
        RedisConnection connection = publisher;
        if (connection != null) {
            connection
                    .send(Request.cmd(Command.PUBLISH).arg(channel).arg("\n" + instance))
                    .onFailure(failure -> LOG.debugf("redis: the comms probe failed: %s", failure.getMessage()));
        }
        link.later(ProbeWatch.EVERY_MILLIS, this::probeAgain);
    }

    @Override
    public Optional<String> deliveryProblem() {
        return probe.problem();
    }

    /** Sends a room message to every instance (this one included, which delivers it when Redis hands it back). */
    @Override
    public void publish(String room, String text) {
        RedisConnection connection = publisher;
        if (connection == null) {
            dropped.increment();
            return;
        }
        connection
                .send(Request.cmd(Command.PUBLISH).arg(channel).arg(room + "\n" + text))
                .onFailure(failure -> dropped.increment());
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
    }
}
