package dev.missioncontrol.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The framework internals this service relies on are where it expects them, on a real Vert.x HTTP server: the first
 * test to fail when a Quarkus or Vert.x upgrade moves them.
 */
class VertxPipelineTest {

    private Vertx vertx;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** Notes that a read passed through it. */
    private final class Witness extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg.getClass().getSimpleName());
            ctx.fireChannelRead(msg);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    boolean added = VertxPipeline.addBeforeVertx(request, "witness", new Witness());
                    boolean again = VertxPipeline.addBeforeVertx(request, "witness", new Witness());
                    request.response().putHeader("added", added + "," + again).end("ok");
                    VertxPipeline.flush(request);
                })
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void handlersGoBeforeVertxsOwnAndSeeLaterReads() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + server.actualPort() + "/");
        HttpResponse<String> first =
                client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(
                "true,false",
                first.headers().firstValue("added").orElse(""),
                "added once: the connection is a ConnectionBase with a handler named \"handler\"");
        // The second request on the same connection passes through the handler added by the first.
        HttpResponse<String> second =
                client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("false,false", second.headers().firstValue("added").orElse(""));
        assertFalse(seen.isEmpty(), "reads after the first request went through the added handler");
        assertTrue(seen.stream().anyMatch(name -> name.contains("Request")), seen.toString());
    }
}
