package dev.missioncontrol.comms;

import dev.missioncontrol.fanout.FrameSink;
import dev.missioncontrol.internals.VertxPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where room messages reach a comms connection: a handler in the connection's Netty pipeline that writes frames
 * {@link TextFrames encoded once} for the whole room straight to the socket, past the WebSocket encoder (they are
 * complete frames already) and past websockets-next, which would encode and write each member's copy on its own.
 * It also hears when a full socket buffer drains, to release the member's queue. Installed before the upgrade by
 * {@link #install}, found afterwards through the connection's user data. Frames go uncompressed: no compression
 * extension is ever negotiated ({@link CompressionOff}).
 */
final class MemberChannel extends ChannelInboundHandlerAdapter implements FrameSink {

    /** RFC 6455 section 7.4.1 and the IANA registry: 1013, Try Again Later; the member fell too far behind. */
    static final int TRY_AGAIN_LATER = 1013;

    private static final String NAME = "mission-control-member";
    private static final UserData.TypedKey<MemberChannel> KEY =
            new UserData.TypedKey<>("mission-control.member-channel");

    private ChannelHandlerContext context;
    private Runnable drained;
    private WebSocketConnection connection;
    private int queueCapacity;

    private MemberChannel() {}

    /**
     * Adds a member channel to the connection of an upgrade request, to be found by {@link #of}.
     *
     * @param request  the upgrade request
     * @param userData the user data the connection will have
     */
    static void install(HttpServerRequest request, UserData userData) {
        MemberChannel channel = new MemberChannel();
        if (VertxPipeline.addBeforeVertx(request, NAME, channel)) {
            userData.put(KEY, channel);
        }
    }

    /**
     * @param connection an open comms connection
     * @param queueCapacity its member queue's capacity, named in the close reason of an overflow
     * @return its member channel
     * @throws IllegalStateException if the connection did not come through {@link CommsUpgradeCheck}
     */
    static MemberChannel of(WebSocketConnection connection, int queueCapacity) {
        MemberChannel channel = connection.userData().get(KEY);
        if (channel == null || channel.context == null) {
            throw new IllegalStateException("connection " + connection.id() + " has no member channel");
        }
        channel.connection = connection;
        channel.queueCapacity = queueCapacity;
        return channel;
    }

    /** @return true when called on the thread that owns the socket */
    boolean onOwnThread() {
        return context.executor().inEventLoop();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Runnable handler = drained;
        if (handler != null && ctx.channel().isWritable()) {
            drained = null;
            handler.run();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void write(Buffer frame) {
        // The frame is shared by every member: getByteBuf gives an unreleasable view, so writing it never frees it.
        context.writeAndFlush(frame.getByteBuf(), context.voidPromise());
    }

    @Override
    public boolean writeQueueFull() {
        return !context.channel().isWritable();
    }

    @Override
    public void drainHandler(Runnable handler) {
        drained = handler;
    }

    @Override
    public void end(Buffer last) {
        write(last);
        connection.close().subscribe().with(ok -> {}, failure -> {});
    }

    @Override
    public void abort() {
        connection
                .close(new CloseReason(TRY_AGAIN_LATER, "too slow: over " + queueCapacity + " messages behind"))
                .subscribe()
                .with(ok -> {}, failure -> {});
    }
}
