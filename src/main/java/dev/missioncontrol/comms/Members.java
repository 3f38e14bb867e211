package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.Receiver;
import dev.missioncontrol.fanout.ShardsByThread;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one {@link BroadcastGroup}: each connection's {@link Member}, kept in its user data, and the shard
 * of each event loop they live on. A member is made on its connection's own event loop and only touched there.
 */
final class Members {

    private static final AtomicInteger GROUPS = new AtomicInteger();

    // One key per group, so a connection may belong to several groups.
    private final UserData.TypedKey<Member> key =
            new UserData.TypedKey<>("mission-control.member." + GROUPS.incrementAndGet());
    private final BroadcastGroup group;
    private final Vertx vertx;
    private final Receiver.Limits limits;
    private final ShardsByThread<RoomShard> shards = new ShardsByThread<>(RoomShard[]::new);

    Members(BroadcastGroup group, Vertx vertx, Receiver.Limits limits) {
        this.group = group;
        this.vertx = vertx;
        this.limits = limits;
    }

    /**
     * @param connection a comms connection
     * @param create     whether to make its member if it has none
     * @return its member, or null if it has none and {@code create} is false
     * @throws IllegalStateException if not called on the connection's event loop
     */
    Member of(WebSocketConnection connection, boolean create) {
        Member member = connection.userData().get(key);
        if (member != null) {
            requireOwnThread(member.shard.onOwnThread(), connection);
            return member;
        }
        if (!create) {
            return null;
        }
        MemberChannel channel = MemberChannel.of(connection, limits.queueCapacity());
        requireOwnThread(channel.onOwnThread(), connection);
        member = new Member(channel, limits, shard(Vertx.currentContext()), System.nanoTime());
        connection.userData().put(key, member);
        return member;
    }

    /** @return the connection's member, from any thread (to read its rooms), or null */
    Member find(WebSocketConnection connection) {
        return connection.userData().get(key);
    }

    /** Forgets the connection's member, once it left every room. */
    void forget(WebSocketConnection connection) {
        connection.userData().remove(key);
    }

    /** @return the shard of every event loop that has had members */
    RoomShard[] shards() {
        return shards.all();
    }

    private static void requireOwnThread(boolean own, WebSocketConnection connection) {
        if (!own) {
            throw new IllegalStateException("membership of " + connection.id() + " must change on its event loop");
        }
    }

    private RoomShard shard(Context context) {
        return shards.currentOrNew(() -> new RoomShard(group, vertx, Thread.currentThread(), context));
    }
}
