package dev.missioncontrol.comms;

import dev.missioncontrol.limits.BoundedCounter;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Named rooms of WebSocket connections: subscribe, unsubscribe, unsubscribe from all, broadcast. Not a bean
 * itself; each channel is an application-scoped subclass ({@link CommsRoom}), so several independent channels
 * are several singletons of this type. Safe for concurrent use from any thread; empty rooms are removed, so the
 * memory of a room goes with its last member. Rooms in all and rooms per member are bounded.
 * Subclasses may override {@link #joined} and {@link #left} to observe membership changes.
 */
public class BroadcastGroup {

    private static final Logger LOG = Logger.getLogger(BroadcastGroup.class);

    /** The outcome of {@link #subscribe}. */
    public enum Subscription {
        /** The connection is now a member. */
        JOINED,
        /** It already was. */
        ALREADY_MEMBER,
        /** It is in as many rooms as one member may be. */
        TOO_MANY_ROOMS_FOR_MEMBER,
        /** The room does not exist and as many rooms as the group may hold exist. */
        TOO_MANY_ROOMS
    }

    private final Map<String, Set<WebSocketConnection>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsOf = new ConcurrentHashMap<>();
    private final BoundedCounter roomCount;
    private final int maxRoomsPerMember;

    /** An unbounded group (as many rooms as an {@code int} counts). */
    protected BroadcastGroup() {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxRooms          rooms the group may hold at once
     * @param maxRoomsPerMember rooms one connection may be in at once
     */
    protected BroadcastGroup(int maxRooms, int maxRoomsPerMember) {
        this.roomCount = new BoundedCounter(maxRooms);
        this.maxRoomsPerMember = maxRoomsPerMember;
    }

    /**
     * Adds a connection to a room, creating the room if needed and allowed.
     *
     * @param room       the room name
     * @param connection the connection to add
     * @return whether it joined, already was a member, or was refused by a bound
     */
    public Subscription subscribe(String room, WebSocketConnection connection) {
        Set<String> joined = roomsOf.computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet());
        if (joined.contains(room)) {
            return Subscription.ALREADY_MEMBER;
        }
        if (joined.size() >= maxRoomsPerMember) {
            return Subscription.TOO_MANY_ROOMS_FOR_MEMBER;
        }
        AtomicInteger members = new AtomicInteger(-1);
        boolean[] full = {false};
        rooms.compute(room, (name, set) -> {
            Set<WebSocketConnection> target = set;
            if (target == null) {
                if (!roomCount.tryAcquire()) {
                    full[0] = true;
                    return null;
                }
                target = ConcurrentHashMap.newKeySet();
            }
            if (target.add(connection)) {
                members.set(target.size());
            }
            return target;
        });
        if (full[0]) {
            return Subscription.TOO_MANY_ROOMS;
        }
        if (members.get() < 0) {
            return Subscription.ALREADY_MEMBER;
        }
        joined.add(room);
        joined(room, members.get(), connection);
        return Subscription.JOINED;
    }

    /**
     * Removes a connection from a room; the room goes when its last member leaves.
     *
     * @param room       the room name
     * @param connection the connection to remove
     * @return true if it was a member
     */
    public boolean unsubscribe(String room, WebSocketConnection connection) {
        AtomicInteger members = new AtomicInteger(-1);
        rooms.computeIfPresent(room, (name, set) -> {
            if (set.remove(connection)) {
                members.set(set.size());
            }
            if (set.isEmpty()) {
                roomCount.release();
                return null;
            }
            return set;
        });
        if (members.get() < 0) {
            return false;
        }
        Set<String> joined = roomsOf.get(connection.id());
        if (joined != null) {
            joined.remove(room);
        }
        left(room, members.get(), connection);
        return true;
    }

    /**
     * Removes a connection from every room it is in, as when it closes.
     *
     * @param connection the connection
     * @return the rooms it left, sorted by name
     */
    public List<String> unsubscribeAll(WebSocketConnection connection) {
        Set<String> joined = roomsOf.remove(connection.id());
        if (joined == null) {
            return List.of();
        }
        Map<String, Boolean> left = new TreeMap<>();
        for (String room : joined) {
            left.put(room, unsubscribe(room, connection));
        }
        return List.copyOf(left.keySet());
    }

    /**
     * @param room       the room name
     * @param connection a connection
     * @return whether the connection is in the room
     */
    public boolean isMember(String room, WebSocketConnection connection) {
        Set<WebSocketConnection> members = rooms.get(room);
        return members != null && members.contains(connection);
    }

    /** @return rooms held now (each has at least one member) */
    public int roomCount() {
        return roomCount.get();
    }

    /** @return the most rooms one connection may be in */
    public int maxRoomsPerMember() {
        return maxRoomsPerMember;
    }

    /** @return the most rooms the group may hold */
    public int maxRooms() {
        return roomCount.max();
    }

    /**
     * Sends a text message to every member of a room, the sender included if it is a member. Does not wait
     * for the sends; a failed send is logged and does not affect the others.
     *
     * @param room    the room name
     * @param message the text frame to send, the same string for every member
     * @return how many members it was sent to
     */
    public int broadcast(String room, String message) {
        Set<WebSocketConnection> members = rooms.get(room);
        if (members == null) {
            return 0;
        }
        int sent = 0;
        for (WebSocketConnection member : members) {
            if (member.isOpen()) {
                member.sendText(message).subscribe().with(
                        ok -> { },
                        failure -> LOG.debugf("broadcast to %s failed: %s", member.id(), failure.getMessage()));
                sent++;
            }
        }
        return sent;
    }

    /**
     * Called after a connection joined a room.
     *
     * @param room       the room
     * @param members    members now
     * @param connection who joined
     */
    protected void joined(String room, int members, WebSocketConnection connection) {
    }

    /**
     * Called after a connection left a room.
     *
     * @param room       the room
     * @param members    members now
     * @param connection who left
     */
    protected void left(String room, int members, WebSocketConnection connection) {
    }
}
