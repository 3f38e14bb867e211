package dev.missioncontrol.comms;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chats each room retains in this process ({@code transport=local}): the newest {@code history} per room, and
 * one more that marks what was trimmed ({@link Recovery#of}). Independent of the event stream's ring, so other
 * events never push chats out. A room's history outlives its members (whoever joins later reads it); the rooms
 * retained are bounded by {@code max-rooms}, the longest unused going first. Cost: up to {@code history + 1}
 * frames of at most {@code max-text} characters per room. Thread-safe: chats are added by the publisher's thread,
 * read by members' event loops.
 */
final class RoomHistory {

    private final int capacity;
    private final Map<String, ArrayDeque<ChatFrame>> rooms;

    /**
     * @param capacity chats served per room ({@code mission-control.comms.history})
     * @param maxRooms rooms retained at most
     */
    RoomHistory(int capacity, int maxRooms) {
        this.capacity = capacity;
        this.rooms = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<ChatFrame>> eldest) {
                return size() > maxRooms;
            }
        };
    }

    /** @param chat a chat delivered here, in id order */
    synchronized void add(ChatFrame chat) {
        ArrayDeque<ChatFrame> room = rooms.computeIfAbsent(chat.room(), r -> new ArrayDeque<>());
        if (room.size() > capacity) {
            room.poll();
        }
        room.add(chat);
    }

    /** @return the room's chats, oldest first, at most {@code capacity + 1} */
    synchronized List<ChatFrame> retained(String room) {
        ArrayDeque<ChatFrame> chats = rooms.get(room);
        return chats == null ? List.of() : List.copyOf(chats);
    }
}
