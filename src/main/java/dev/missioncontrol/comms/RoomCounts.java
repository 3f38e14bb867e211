package dev.missioncontrol.comms;

import dev.missioncontrol.limits.BoundedCounter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rooms of a {@link BroadcastGroup} in this process and their member counts, at most {@code maxRooms} rooms at
 * once: a room exists from its first member's join to its last member's leave. Safe for concurrent use.
 */
final class RoomCounts {

    private final Map<String, AtomicInteger> rooms = new ConcurrentHashMap<>();
    private final BoundedCounter roomCount;

    RoomCounts(int maxRooms) {
        this.roomCount = new BoundedCounter(maxRooms);
    }

    /** @return the room's members after one more joined, or -1 if it did not exist and no more rooms may */
    int join(String room) {
        int[] members = {-1};
        rooms.compute(room, (name, count) -> {
            AtomicInteger target = count;
            if (target == null) {
                if (!roomCount.tryAcquire()) {
                    return null;
                }
                target = new AtomicInteger();
            }
            members[0] = target.incrementAndGet();
            return target;
        });
        return members[0];
    }

    /** @return the room's members after one left; the room goes at 0 */
    int leave(String room) {
        int[] members = {0};
        rooms.computeIfPresent(room, (name, count) -> {
            members[0] = count.decrementAndGet();
            if (members[0] == 0) {
                roomCount.release();
                return null;
            }
            return count;
        });
        return members[0];
    }

    /** @return the room's members now; 0 if it does not exist */
    int members(String room) {
        AtomicInteger members = rooms.get(room);
        return members == null ? 0 : members.get();
    }

    /** @return rooms held now */
    int count() {
        return roomCount.get();
    }

    /** @return the most rooms held at once */
    int max() {
        return roomCount.max();
    }
}
