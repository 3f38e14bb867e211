package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.FrameSink;
import dev.missioncontrol.fanout.Receiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One comms connection as a receiver of room messages: its bounded queue (from {@link Receiver}), the rooms it is
 * in, the shard of its event loop, and, for a room it is catching up in, the live messages held back until the
 * catch-up is sent and the number up to which it has had them. Touched only on that event loop.
 */
final class Member extends Receiver {

    /** A room being caught up in: live messages held meanwhile, then the number up to which they are skipped. */
    private static final class Hold {
        List<RoomFrame> held = new ArrayList<>();
        long floor;
    }

    final RoomShard shard;
    // A list, not a set: a member is in a handful of rooms (at most max-rooms-per-connection), and an idle
    // connection should cost as little as it can.
    final List<String> rooms = new ArrayList<>(2);
    // Null unless catching up somewhere: an idle connection pays nothing for resume.
    private Map<String, Hold> holds;

    Member(FrameSink sink, Limits limits, RoomShard shard, long nowNanos) {
        super(sink, limits, nowNanos);
        this.shard = shard;
    }

    /** Starts holding back the room's live messages, until {@link #release}. */
    void hold(String room) {
        if (holds == null) {
            holds = new HashMap<>(2);
        }
        holds.put(room, new Hold());
    }

    /** @return whether any room's messages are held or filtered, so each must be looked at on its own */
    boolean catchingUp() {
        return holds != null;
    }

    /**
     * @param message a live room message for this member
     * @return true if it must not be sent now: held until the catch-up is sent, or had already
     */
    boolean withholds(RoomFrame message) {
        if (holds == null || message.id() == 0) {
            return false;
        }
        Hold hold = holds.get(message.room());
        if (hold == null) {
            return false;
        }
        if (hold.held != null) {
            hold.held.add(message);
            return true;
        }
        if (message.id() <= hold.floor) {
            return true;
        }
        // Numbers only rise from here on: the room needs no more looking at.
        forget(message.room());
        return false;
    }

    /**
     * Sends the catch-up, then the live messages held meanwhile that it does not hold; does nothing if the member
     * left the room before.
     *
     * @return false if the member was closed for overflow on the way
     */
    boolean release(String room, Catchup catchup, long nowNanos) {
        Hold hold = holds == null ? null : holds.get(room);
        if (hold == null || hold.held == null) {
            return true;
        }
        List<RoomFrame> held = hold.held;
        hold.held = null;
        hold.floor = catchup.floor();
        for (String frame : catchup.frames()) {
            if (!send(TextFrames.text(frame), nowNanos)) {
                return false;
            }
        }
        for (RoomFrame message : held) {
            if (!withholds(message) && !send(message.frame(), nowNanos)) {
                return false;
            }
        }
        return true;
    }

    /** Stops holding or filtering the room's messages, as when the member leaves it. */
    void forget(String room) {
        if (holds != null) {
            holds.remove(room);
            if (holds.isEmpty()) {
                holds = null;
            }
        }
    }
}
