package dev.missioncontrol.internals;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/** The Netty pipeline under a Vert.x HTTP connection, and Vert.x's own handler in it (see the package comment). */
public final class VertxPipeline {

    /** The name Vert.x gives its own connection handler, the last in the pipeline. */
    static final String VERTX_HANDLER = "handler";

    private VertxPipeline() {}

    /**
     * Adds handlers just before Vert.x's own, in order, unless the first of them is there already.
     *
     * @param request  a request on the connection, for example one about to be upgraded to a WebSocket
     * @param handlers names and handlers, alternately: {@code "name", handler, ...}
     * @return true if they were added; false if the connection is not a Vert.x one, has no handler of Vert.x's, or
     *         has them already
     */
    public static boolean addBeforeVertx(HttpServerRequest request, Object... handlers) {
        if (!(request.connection() instanceof ConnectionBase connection)) {
            return false;
        }
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(VERTX_HANDLER) == null || pipeline.get((String) handlers[0]) != null) {
            return false;
        }
        for (int i = 0; i + 1 < handlers.length; i += 2) {
            pipeline.addBefore(VERTX_HANDLER, (String) handlers[i], (ChannelHandler) handlers[i + 1]);
        }
        return true;
    }

    /**
     * Flushes what was written on the request's connection to the socket now.
     *
     * @param request a request on the connection
     */
    public static void flush(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            connection.channel().flush();
        }
    }
}
