package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.FrameSink;
import dev.missioncontrol.fanout.Receiver;
import java.util.ArrayList;
import java.util.List;

/**
 * One comms connection as a receiver of room messages: its bounded queue (from {@link Receiver}), the rooms it is
 * in, and the shard of its event loop. Touched only on that event loop.
 */
final class Member extends Receiver {

    final RoomShard shard;
    // A list, not a set: a member is in a handful of rooms (at most max-rooms-per-connection), and an idle
    // connection should cost as little as it can.
    final List<String> rooms = new ArrayList<>(2);

    Member(FrameSink sink, Limits limits, RoomShard shard, long nowNanos) {
        super(sink, limits, nowNanos);
        this.shard = shard;
    }
}
