package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.OverflowMeter;
import dev.missioncontrol.fanout.OverflowPolicy;
import dev.missioncontrol.fanout.Receiver;
import dev.missioncontrol.fanout.ShardsByThread;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named rooms of WebSocket connections: subscribe, unsubscribe, unsubscribe from all, broadcast. Not a bean
 * itself; each channel is an application-scoped subclass ({@link CommsRoom}), so several independent channels
 * are several singletons of this type. Empty rooms are removed, so the memory of a room goes with its last
 * member. Rooms in all and rooms per member are bounded. Subclasses may override {@link #joined} and
 * {@link #left} to observe membership changes.
 *
 * <p>Fan-out runs on the engine of the event stream ({@link dev.missioncontrol.fanout.FanOutShard}): members are
 * grouped by event loop in {@link RoomShard}s, a broadcast encodes its WebSocket frame once and hands it to each
 * event loop once, and each member has a bounded queue with the event stream's overflow policies
 * ({@code drop-oldest}: the member gets {@code {"lost":N}} before its next message; {@code disconnect}: closed
 * with 1013). A broadcast never waits for a socket. Membership methods must be called on the connection's own
 * event loop, as websockets-next calls the endpoint's callbacks; {@link #broadcast} may be called from any thread.
 */
public class BroadcastGroup {

    private static final AtomicInteger GROUPS = new AtomicInteger();

    // One key per group, so a connection may belong to several groups.
    private final UserData.TypedKey<Member> memberKey =
            new UserData.TypedKey<>("mission-control.member." + GROUPS.incrementAndGet());
    private final RoomCounts rooms;
    private final int maxRoomsPerMember;
    private final Receiver.Limits limits;
    private final Vertx vertx;
    private final ShardsByThread<RoomShard> shards = new ShardsByThread<>(RoomShard[]::new);

    /**
     * For the container's client proxy of a subclass, which delegates every call and is never used as a group.
     */
    protected BroadcastGroup() {
        this(null, 1, 1, 1, OverflowPolicy.DISCONNECT, null);
    }

    /**
     * @param vertx             the Vert.x instance whose event loops own the connections
     * @param maxRooms          rooms the group may hold at once
     * @param maxRoomsPerMember rooms one connection may be in at once
     * @param memberQueue       messages held for a member whose socket is not writable
     * @param overflow          what a member whose queue is full loses
     * @param meter             counts messages dropped and members disconnected for overflow
     */
    protected BroadcastGroup(
            Vertx vertx,
            int maxRooms,
            int maxRoomsPerMember,
            int memberQueue,
            OverflowPolicy overflow,
            OverflowMeter meter) {
        this.vertx = vertx;
        this.rooms = new RoomCounts(maxRooms);
        this.maxRoomsPerMember = maxRoomsPerMember;
        this.limits = new Receiver.Limits(memberQueue, overflow, TextFrames::lost, meter);
    }

    /**
     * Adds a connection to a room, creating the room if needed and allowed.
     *
     * @param room       the room name
     * @param connection the connection to add
     * @return whether it joined, already was a member, or was refused by a bound
     * @throws IllegalStateException if not called on the connection's event loop
     */
    public Subscription subscribe(String room, WebSocketConnection connection) {
        Member member = member(connection, true);
        if (member.rooms.contains(room)) {
            return Subscription.ALREADY_MEMBER;
        }
        if (member.rooms.size() >= maxRoomsPerMember) {
            return Subscription.TOO_MANY_ROOMS_FOR_MEMBER;
        }
        int members = rooms.join(room);
        if (members < 0) {
            return Subscription.TOO_MANY_ROOMS;
        }
        member.rooms.add(room);
        if (!member.isClosed()) {
            member.shard.add(room, member);
        }
        joined(room, members, connection);
        return Subscription.JOINED;
    }

    /**
     * Removes a connection from a room; the room goes when its last member leaves.
     *
     * @param room       the room name
     * @param connection the connection to remove
     * @return true if it was a member
     * @throws IllegalStateException if not called on the connection's event loop
     */
    public boolean unsubscribe(String room, WebSocketConnection connection) {
        Member member = member(connection, false);
        if (member == null || !member.rooms.remove(room)) {
            return false;
        }
        member.shard.remove(room, member);
        left(room, rooms.leave(room), connection);
        return true;
    }

    /**
     * Removes a connection from every room it is in, as when it closes.
     *
     * @param connection the connection
     * @return the rooms it left, sorted by name
     * @throws IllegalStateException if not called on the connection's event loop
     */
    public List<String> unsubscribeAll(WebSocketConnection connection) {
        Member member = member(connection, false);
        if (member == null) {
            return List.of();
        }
        List<String> left = new ArrayList<>(member.rooms);
        Collections.sort(left);
        for (String room : left) {
            unsubscribe(room, connection);
        }
        connection.userData().remove(memberKey);
        return List.copyOf(left);
    }

    /**
     * @param room       the room name
     * @param connection a connection
     * @return whether the connection is in the room
     */
    public boolean isMember(String room, WebSocketConnection connection) {
        Member member = connection.userData().get(memberKey);
        return member != null && member.rooms.contains(room);
    }

    /**
     * @param room the room name
     * @return its members in this process now; 0 if it does not exist
     */
    public int members(String room) {
        return rooms.members(room);
    }

    /** @return rooms held now (each has at least one member) */
    public int roomCount() {
        return rooms.count();
    }

    /** @return the most rooms one connection may be in */
    public int maxRoomsPerMember() {
        return maxRoomsPerMember;
    }

    /** @return the most rooms the group may hold */
    public int maxRooms() {
        return rooms.max();
    }

    /**
     * Sends a text message to every member of a room, the sender included if it is a member. Encodes the frame
     * once and hands it to each event loop once; returns without waiting for any socket. A member whose queue
     * overflows loses the oldest messages or the connection, as the overflow policy says; the others are not
     * affected.
     *
     * @param room    the room name
     * @param message the text message, the same for every member
     * @return members of the room when it was sent
     */
    public int broadcast(String room, String message) {
        return deliverLocally(room, message);
    }

    /**
     * This process's half of a broadcast: the message reaches the members connected here. {@link #broadcast} calls
     * it directly; a group that spans processes overrides {@code broadcast} to send the message through the shared
     * transport, and calls this where the transport hands it back in every process.
     *
     * @param room    the room name
     * @param message the text message
     * @return members of the room in this process when it was sent
     */
    protected final int deliverLocally(String room, String message) {
        int members = rooms.members(room);
        if (members == 0) {
            return 0;
        }
        RoomFrame frame = new RoomFrame(room, TextFrames.text(message));
        for (RoomShard shard : shards.all()) {
            shard.offer(frame);
        }
        return members;
    }

    /** Called after {@code connection} joined {@code room}, which has {@code members} members here now. */
    protected void joined(String room, int members, WebSocketConnection connection) {}

    /** Called after {@code connection} left {@code room}, which has {@code members} members here now. */
    protected void left(String room, int members, WebSocketConnection connection) {}

    /**
     * A member was closed for overflow: it hears no more messages, though it stays in its rooms (and in the member
     * counts) until its connection's close is seen and {@link #unsubscribeAll} runs. On the member's event loop.
     */
    void dropped(Member member) {
        for (String room : member.rooms) {
            member.shard.remove(room, member);
        }
    }

    private Member member(WebSocketConnection connection, boolean create) {
        Member member = connection.userData().get(memberKey);
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
        connection.userData().put(memberKey, member);
        return member;
    }

    private static void requireOwnThread(boolean own, WebSocketConnection connection) {
        if (!own) {
            throw new IllegalStateException("membership of " + connection.id() + " must change on its event loop");
        }
    }

    private RoomShard shard(Context context) {
        return shards.currentOrNew(() -> new RoomShard(this, vertx, Thread.currentThread(), context));
    }
}
