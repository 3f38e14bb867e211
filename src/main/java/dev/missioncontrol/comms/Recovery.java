package dev.missioncontrol.comms;

import java.util.ArrayList;
import java.util.List;

/**
 * What a member resuming a room from an id gets: the retained chats after that id, oldest first, and whether they
 * follow it without a gap ({@code recovered}); false means chats between the id and the first of these are no
 * longer retained.
 *
 * @param recovered whether nothing between the id and {@code chats} was lost
 * @param chats     the retained chats after the id, oldest first
 */
public record Recovery(boolean recovered, List<ChatFrame> chats) {

    /**
     * Reads a room's retention, which holds one chat more than it serves: that extra, oldest chat marks the newest
     * one no longer served, so whether anything after {@code after} is missing is known exactly.
     *
     * @param retained    the room's chats, oldest first, at most {@code capacity + 1}
     * @param capacity    {@code mission-control.comms.history}
     * @param after       the id the member last received
     * @param completeAfter the room's retention holds every chat after this id (chats up to it may never have been
     *                      retained, or were evicted); 0 for always
     * @return the chats after it that are served, and whether they follow it
     */
    static Recovery of(List<ChatFrame> retained, int capacity, long after, long completeAfter) {
        int first = Math.max(0, retained.size() - capacity);
        boolean recovered =
                after >= completeAfter && (first == 0 || retained.get(first - 1).id() <= after);
        List<ChatFrame> chats = new ArrayList<>();
        for (int i = first; i < retained.size(); i++) {
            if (retained.get(i).id() > after) {
                chats.add(retained.get(i));
            }
        }
        return new Recovery(recovered, chats);
    }

    /**
     * @param retained the room's chats, oldest first, at most {@code capacity + 1}
     * @param capacity {@code mission-control.comms.history}
     * @param limit    how many of the newest to give, at most {@code capacity}
     * @return the newest {@code limit} chats that are served, oldest first
     */
    static List<ChatFrame> newest(List<ChatFrame> retained, int capacity, int limit) {
        int from = Math.max(0, retained.size() - Math.min(capacity, limit));
        return List.copyOf(retained.subList(from, retained.size()));
    }
}
