package dev.missioncontrol.events;

import dev.missioncontrol.fanout.FrameSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** A {@link FrameSink} over a chunked Vert.x HTTP response. */
public final class HttpSubscriberSink implements FrameSink {

    private final HttpServerResponse response;

    /** @param response the streaming response, headers already sent or about to be */
    public HttpSubscriberSink(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(Buffer frame) {
        // No completion handler: Vert.x then writes with Netty's void promise and allocates nothing per write.
        response.write(frame, null);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable handler) {
        response.drainHandler(v -> handler.run());
    }

    @Override
    public void end(Buffer last) {
        if (!response.ended() && !response.closed()) {
            response.end(last, null);
        }
    }

    @Override
    public void abort() {
        response.reset();
    }
}
