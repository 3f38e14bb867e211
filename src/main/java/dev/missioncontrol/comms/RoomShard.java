package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.FanOutShard;
import dev.missioncontrol.fanout.Frames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The room members of one event-loop thread. A message reaches each member here as one shared frame; a burst
 * gives each member one write per room holding all of that room's frames. A member dropped for overflow leaves
 * every room.
 */
final class RoomShard extends FanOutShard<RoomFrame> {

    private final Map<String, ArrayList<Member>> rooms = new HashMap<>();
    private final BroadcastGroup group;

    RoomShard(BroadcastGroup group, Vertx vertx, Thread thread, Context context) {
        super(vertx, thread, context, DEFAULT_PACING);
        this.group = group;
    }

    void add(String room, Member member) {
        rooms.computeIfAbsent(room, r -> new ArrayList<>()).add(member);
    }

    void remove(String room, Member member) {
        ArrayList<Member> members = rooms.get(room);
        if (members == null) {
            return;
        }
        int at = members.lastIndexOf(member);
        if (at >= 0) {
            // Order within a room does not matter: swap the last member into the gap instead of shifting them all.
            Member last = members.remove(members.size() - 1);
            if (at < members.size()) {
                members.set(at, last);
            }
        }
        if (members.isEmpty()) {
            rooms.remove(room);
        }
    }

    @Override
    protected void deliver(RoomFrame message, long nowNanos) {
        send(message.room(), message.frame(), nowNanos);
    }

    @Override
    protected void deliver(List<RoomFrame> burst, long nowNanos) {
        Map<String, List<Buffer>> byRoom = new LinkedHashMap<>();
        for (RoomFrame message : burst) {
            if (rooms.containsKey(message.room())) {
                byRoom.computeIfAbsent(message.room(), r -> new ArrayList<>()).add(message.frame());
            }
        }
        for (Map.Entry<String, List<Buffer>> room : byRoom.entrySet()) {
            List<Buffer> frames = room.getValue();
            if (frames.size() == 1) {
                send(room.getKey(), frames.get(0), nowNanos);
                continue;
            }
            Buffer joined = Frames.join(frames);
            // A backed-up member queues frame by frame, so that drop-oldest counts messages, not bursts.
            toMembers(
                    room.getKey(),
                    member -> member.backedUp() ? sendEach(member, frames, nowNanos) : member.send(joined, nowNanos));
        }
    }

    private static boolean sendEach(Member member, List<Buffer> frames, long nowNanos) {
        for (Buffer frame : frames) {
            if (!member.send(frame, nowNanos)) {
                return false;
            }
        }
        return true;
    }

    private void send(String room, Buffer frame, long nowNanos) {
        toMembers(room, member -> member.send(frame, nowNanos));
    }

    /** Sends to every member of a room here; {@code send} answers false for a member it closed for overflow. */
    private void toMembers(String room, Predicate<Member> send) {
        ArrayList<Member> members = rooms.get(room);
        if (members == null) {
            return;
        }
        // Backwards: a member dropped for overflow leaves this list by swap-remove, which only moves a member
        // already visited into its place.
        for (int i = members.size() - 1; i >= 0; i--) {
            Member member = members.get(i);
            if (!send.test(member)) {
                group.dropped(member);
            }
        }
    }
}
