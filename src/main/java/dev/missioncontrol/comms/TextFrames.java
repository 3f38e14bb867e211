package dev.missioncontrol.comms;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client WebSocket text frames (RFC 6455 section 5.2): FIN set, opcode 1, no mask (a server
 * never masks, section 5.1), so the bytes of one message are the same for every member of a room and are encoded
 * once. Frames live in direct memory, which the socket writes without a copy.
 */
public final class TextFrames {

    private static final int FIN_TEXT = 0x81;

    private TextFrames() {}

    /**
     * @param text the message
     * @return the whole frame, header and UTF-8 payload
     */
    public static Buffer text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = Unpooled.directBuffer(header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        frame.writeBytes(payload);
        return Buffer.buffer(frame);
    }

    /**
     * @param lost messages a member lost to {@code drop-oldest}
     * @return the frame {@code {"lost":N}} that tells it so, before the next message it gets
     */
    public static Buffer lost(long lost) {
        return text("{\"lost\":" + lost + "}");
    }
}
