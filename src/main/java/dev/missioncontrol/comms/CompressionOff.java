package dev.missioncontrol.comms;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns off every WebSocket compression extension in the HTTP server. {@code
 * quarkus.websockets-next.server.per-message-compression-supported=false} covers only permessage-deflate (RFC 7692);
 * Vert.x also accepts the older per-frame {@code deflate-frame} and {@code x-webkit-deflate-frame}, whose inflater
 * can turn one small frame into many megabytes in memory before the message limit could refuse it. Without any extension
 * Vert.x also leaves its extension handler out of every HTTP connection's pipeline, event streams included.
 */
@ApplicationScoped
public class CompressionOff implements HttpServerOptionsCustomizer {

    /** Refuses both compression extensions; a client that offers one is upgraded without it (RFC 6455 section 9.1). */
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false);
    }

    /** The same for the HTTPS server, where one is configured. */
    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }
}
