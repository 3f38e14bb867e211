package dev.missioncontrol.comms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

/** Server text frames as a client decodes them (RFC 6455 section 5.2), at every length encoding. */
class TextFramesTest {

    private static String decoded(ByteBuf frame) {
        // A client's decoder: unmasked frames expected, as a server must send them.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));
        client.writeInbound(Unpooled.copiedBuffer(frame));
        TextWebSocketFrame text = client.readInbound();
        try {
            assertEquals(true, text.isFinalFragment());
            return text.text();
        } finally {
            text.release();
            client.finishAndReleaseAll();
        }
    }

    @Test
    void everyLengthEncodingDecodes() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
            String text = "é".repeat(length / 2) + "x".repeat(length % 2);
            ByteBuf frame = TextFrames.text(text).getByteBuf();
            assertEquals(0x81, frame.getUnsignedByte(0), "FIN and opcode 1 (text)");
            assertEquals(0, frame.getUnsignedByte(1) & 0x80, "a server frame is not masked");
            assertEquals(text, decoded(frame), "length " + length);
        }
    }

    @Test
    void lostNoticeIsJson() {
        assertEquals("{\"lost\":42}", decoded(TextFrames.lost(42).getByteBuf()));
    }
}
