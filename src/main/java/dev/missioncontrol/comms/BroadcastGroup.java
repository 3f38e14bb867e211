package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.OverflowMeter;
import dev.missioncontrol.fanout.OverflowPolicy;
import dev.missioncontrol.fanout.Receiver;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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

    private final RoomCounts rooms;
    private final int maxRoomsPerMember;
    private final Members directory;

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
        this.rooms = new RoomCounts(maxRooms);
        this.maxRoomsPerMember = maxRoomsPerMember;
        this.directory = new Members(this, vertx, new Receiver.Limits(memberQueue, overflow, TextFrames::lost, meter));
    }

    /** @return {@link #subscribe(String, WebSocketConnection, Supplier)} without a catch-up */
    public Subscription subscribe(String room, WebSocketConnection connection) {
        return subscribe(room, connection, null);
    }

    /**
     * Adds a connection to a room, creating the room if needed and allowed, and, with a catch-up, sends it that before the room's live messages: live messages are held from the moment it joins until the
     * catch-up is fetched and sent, then those it does not already have follow, so it gets no gap and no duplicate.
     *
     * @param room       the room name
     * @param connection the connection to add
     * @param catchup    fetches the catch-up, once the connection hears the room; null for none
     * @return whether it joined, already was a member, or was refused by a bound
     * @throws IllegalStateException if not called on the connection's event loop
     */
    public Subscription subscribe(
            String room, WebSocketConnection connection, Supplier<CompletionStage<Catchup>> catchup) {
        Member member = directory.of(connection, true);
        boolean already = member.rooms.contains(room);
        int members = 0;
        if (!already) {
            if (member.rooms.size() >= maxRoomsPerMember) {
                return Subscription.TOO_MANY_ROOMS_FOR_MEMBER;
            }
            members = rooms.join(room);
            if (members < 0) {
                return Subscription.TOO_MANY_ROOMS;
            }
        }
        if (catchup != null) {
            member.hold(room);
        }
        if (!already) {
            member.rooms.add(room);
            if (!member.isClosed()) {
                member.shard.add(room, member);
            }
            joined(room, members, connection);
        }
        if (catchup != null) {
            catchup.get()
                    .whenComplete((sent, failure) -> member.shard.context.runOnContext(v -> {
                        if (!member.release(room, sent == null ? new Catchup(List.of(), 0) : sent, System.nanoTime())) {
                            dropped(member);
                        }
                    }));
        }
        return already ? Subscription.ALREADY_MEMBER : Subscription.JOINED;
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
        Member member = directory.of(connection, false);
        if (member == null || !member.rooms.remove(room)) {
            return false;
        }
        member.shard.remove(room, member);
        member.forget(room);
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
        Member member = directory.of(connection, false);
        if (member == null) {
            return List.of();
        }
        List<String> left = new ArrayList<>(member.rooms);
        Collections.sort(left);
        for (String room : left) {
            unsubscribe(room, connection);
        }
        directory.forget(connection);
        return List.copyOf(left);
    }

    /**
     * @param room       the room name
     * @param connection a connection
     * @return whether the connection is in the room
     */
    public boolean isMember(String room, WebSocketConnection connection) {
        Member member = directory.find(connection);
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

    /** @return {@link #broadcast(String, long, String)} of an unnumbered message */
    public int broadcast(String room, String message) {
        return broadcast(room, 0, message);
    }

    /**
     * Sends a text message to every member of a room here, the sender included if it is a member. Encodes the
     * frame once and hands it to each event loop once; returns without waiting for any socket. A member whose queue
     * overflows loses the oldest messages or the connection, as the overflow policy says; the others are not
     * affected. From any thread.
     *
     * @param room    the room name
     * @param id      the message's number in the room's sequence, for members catching up ({@link Catchup}); 0 for
     *                none
     * @param message the text message, the same for every member
     * @return members of the room in this process when it was sent
     */
    public int broadcast(String room, long id, String message) {
        int members = rooms.members(room);
        if (members == 0) {
            return 0;
        }
        RoomFrame frame = new RoomFrame(room, id, TextFrames.text(message));
        for (RoomShard shard : directory.shards()) {
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
}
