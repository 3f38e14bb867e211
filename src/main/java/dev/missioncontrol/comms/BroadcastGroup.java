package dev.missioncontrol.comms;

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
 * are several singletons of this type. Safe for concurrent use from any thread; empty rooms are removed.
 * Subclasses may override {@link #joined} and {@link #left} to observe membership changes.
 */
public class BroadcastGroup {

    private static final Logger LOG = Logger.getLogger(BroadcastGroup.class);

    private final Map<String, Set<WebSocketConnection>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsOf = new ConcurrentHashMap<>();

    /**
     * Adds a connection to a room, creating the room if needed.
     *
     * @param room       the room name
     * @param connection the connection to add
     * @return true if it was added, false if it was already a member
     */
    public boolean subscribe(String room, WebSocketConnection connection) {
        AtomicInteger members = new AtomicInteger(-1);
        rooms.compute(room, (name, set) -> {
            Set<WebSocketConnection> target = set != null ? set : ConcurrentHashMap.newKeySet();
            if (target.add(connection)) {
                members.set(target.size());
            }
            return target;
        });
        if (members.get() < 0) {
            return false;
        }
        roomsOf.computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet()).add(room);
        joined(room, members.get(), connection);
        return true;
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
            return set.isEmpty() ? null : set;
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
