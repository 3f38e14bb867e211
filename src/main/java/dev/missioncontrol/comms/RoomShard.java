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
        toMembers(message.room(), member -> member.withholds(message) || member.send(message.frame(), nowNanos));
    }

    @Override
    protected void deliver(List<RoomFrame> burst, long nowNanos) {
        Map<String, List<RoomFrame>> byRoom = new LinkedHashMap<>();
        for (RoomFrame message : burst) {
            if (rooms.containsKey(message.room())) {
                byRoom.computeIfAbsent(message.room(), r -> new ArrayList<>()).add(message);
            }
        }
        for (List<RoomFrame> messages : byRoom.values()) {
            if (messages.size() == 1) {
                deliver(messages.get(0), nowNanos);
                continue;
            }
            List<Buffer> frames = new ArrayList<>(messages.size());
            for (RoomFrame message : messages) {
                frames.add(message.frame());
            }
            Buffer joined = Frames.join(frames);
            // A backed-up member queues frame by frame, so that drop-oldest counts messages, not bursts; a member
            // catching up has each message looked at.
            toMembers(
                    messages.get(0).room(),
                    member -> member.backedUp() || member.catchingUp()
                            ? sendEach(member, messages, nowNanos)
                            : member.send(joined, nowNanos));
        }
    }

    private static boolean sendEach(Member member, List<RoomFrame> messages, long nowNanos) {
        for (RoomFrame message : messages) {
            if (!member.withholds(message) && !member.send(message.frame(), nowNanos)) {
                return false;
            }
        }
        return true;
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
