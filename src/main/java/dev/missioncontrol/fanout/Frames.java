package dev.missioncontrol.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.Collection;

/** Joins encoded frames, whatever their protocol, into one buffer: one write to a receiver instead of many. */
public final class Frames {

    private Frames() {}

    /**
     * @param frames frames to send together
     * @return one buffer holding them in order, in direct memory, which the socket writes without a copy
     */
    public static Buffer join(Collection<Buffer> frames) {
        int length = 0;
        for (Buffer frame : frames) {
            length += frame.length();
        }
        ByteBuf joined = Unpooled.directBuffer(length);
        for (Buffer frame : frames) {
            joined.writeBytes(frame.getByteBuf());
        }
        return Buffer.buffer(joined);
    }
}
