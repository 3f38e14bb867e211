package dev.missioncontrol.comms;

import dev.missioncontrol.internals.VertxPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

/**
 * RFC 6455 strictness that Vert.x leaves out, added to a {@code /comms} connection's Netty pipeline just before its
 * upgrade. A frame with a reserved bit set is a protocol error, since no extension is ever negotiated here
 * (section 5.2; Vert.x lets them through). Netty's {@link Utf8FrameValidator} checks every text frame (section 8.1: a text message must be valid
 * UTF-8; Vert.x would otherwise decode bad bytes as U+FFFD and pass them on). A frame the decoder or the validator
 * rejects is answered with a close frame carrying the status the violation names (1002 protocol error, 1007
 * invalid data, 1009 too big; section 7.4.1), then the connection closes (section 7.1.7, "fail the WebSocket
 * connection"). Vert.x alone would drop the TCP connection without a close frame. These are the client's faults,
 * logged at DEBUG only.
 */
final class StrictFrames extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(StrictFrames.class);
    private static final String RESERVED_BITS = "mission-control-rsv";
    private static final String VALIDATOR = "mission-control-utf8";
    private static final String CLOSER = "mission-control-strict-frames";

    private StrictFrames() {}

    /**
     * Adds the checks to the connection of a request about to be upgraded. They sit after the WebSocket decoder the
     * upgrade puts where the HTTP decoder was, and before Vert.x's handler; until the upgrade they let HTTP messages
     * pass untouched.
     *
     * @param request the upgrade request
     */
    static void install(HttpServerRequest request) {
        VertxPipeline.addBeforeVertx(
                request,
                RESERVED_BITS,
                new ReservedBits(),
                VALIDATOR,
                new Utf8FrameValidator(false),
                CLOSER,
                new StrictFrames());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupted)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.debugf("comms frame refused: %s", corrupted.getMessage());
        if (ctx.channel().isActive()) {
            // Close reasons are at most 123 bytes (section 5.5); Netty's messages are shorter, but be sure.
            String reason = String.valueOf(corrupted.getMessage());
            reason = reason.length() > 100 ? reason.substring(0, 100) : reason;
            // Closed from here, not from the channel: a close from the tail would pass Vert.x's handler, which answers
            // with a polite close of its own and holds the socket open for the closing timeout.
            ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus().code(), reason))
                    .addListener(written -> ctx.close());
        }
    }

    /** Fails a frame with RSV1, RSV2 or RSV3 set: they mean an extension, and none was negotiated. */
    private static final class ReservedBits extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
                frame.release();
                throw new CorruptedWebSocketFrameException(
                        WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
            }
            super.channelRead(ctx, msg);
        }
    }
}
