package dev.missioncontrol.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /bench/ceiling}, only with {@code mission-control.bench.ceiling-route=true} (off by default): answers
 * {@code 202} with a fixed body shaped like a dispatch's, and does nothing else. The benchmark measures it beside
 * {@code POST /missions/dispatch} on the same server, so the dispatch rate has a reference: what the HTTP stack
 * alone (Vert.x, Quarkus's router and its global handlers, on the same cores) can answer.
 */
@ApplicationScoped
public class CeilingRoute {

    /** The route's path. */
    public static final String PATH = "/bench/ceiling";

    private static final String BODY = "{\"dispatched\":\"ceiling\"}";

    void register(
            @Observes Router router,
            @ConfigProperty(name = "mission-control.bench.ceiling-route", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            return;
        }
        // Encoded once per route, not per request: the reference should cost what the stack costs, no more.
        Buffer body = Buffer.buffer(BODY);
        String length = Integer.toString(body.length());
        router.post(PATH)
                .handler(ctx -> ctx.response()
                        .setStatusCode(202)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONTENT_LENGTH, length)
                        .end(body, null));
    }
}
