package dev.missioncontrol.comms;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chats each room retains in this process ({@code transport=local}): the newest {@code history} per room, and
 * one more that marks what was trimmed ({@link Recovery#of}). Independent of the event stream's ring, so other
 * events never push chats out. A room's history outlives its members (whoever joins later reads it); the rooms
 * retained are bounded by {@code max-rooms}, the longest unused going first, and a resume that evicted chats may
 * have followed is not {@code recovered}. Cost: up to {@code history + 1}
 * frames of at most {@code max-text} characters per room. Thread-safe: chats are added by the publisher's thread,
 * read by members' event loops.
 */
final class RoomHistory {

    /** One room's chats, and the id after which they are complete (before it they may have been evicted). */
    private static final class Room {
        final ArrayDeque<ChatFrame> chats = new ArrayDeque<>();
        final long completeAfter;

        Room(long completeAfter) {
            this.completeAfter = completeAfter;
        }
    }

    private final int capacity;
    private final Map<String, Room> rooms;
    // The newest id of any room's chats dropped with its room: a room retained again may have lost chats up to it.
    private long evictedUpTo;

    /**
     * @param capacity     chats served per room ({@code mission-control.comms.history})
     * @param maxRooms     rooms retained at most
     * @param retainedFrom retention began after this id: chats up to it were never retained here
     */
    RoomHistory(int capacity, int maxRooms, long retainedFrom) {
        this.capacity = capacity;
        this.evictedUpTo = retainedFrom;
        this.rooms = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Room> eldest) {
                if (size() <= maxRooms) {
                    return false;
                }
                ChatFrame newest = eldest.getValue().chats.peekLast();
                if (newest != null) {
                    evictedUpTo = Math.max(evictedUpTo, newest.id());
                }
                return true;
            }
        };
    }

    /** @param chat a chat delivered here, in id order */
    synchronized void add(ChatFrame chat) {
        ArrayDeque<ChatFrame> room = rooms.computeIfAbsent(chat.room(), r -> new Room(evictedUpTo)).chats;
        if (room.size() > capacity) {
            room.poll();
        }
        room.add(chat);
    }

    /** @return the room's chats, oldest first, at most {@code capacity + 1} */
    synchronized List<ChatFrame> retained(String room) {
        Room chats = rooms.get(room);
        return chats == null ? List.of() : List.copyOf(chats.chats);
    }

    /**
     * @return the id after which the room's retention is complete, for {@link Recovery#of}: where the process
     *     started, or, for a room retained since another room was evicted (perhaps itself, earlier), the newest id
     *     evicted before it
     */
    synchronized long completeAfter(String room) {
        Room chats = rooms.get(room);
        return chats == null ? evictedUpTo : chats.completeAfter;
    }
}
