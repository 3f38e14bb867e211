package dev.missioncontrol.missions;

import dev.missioncontrol.sse.EventStreamEncoder;
import dev.missioncontrol.sse.EventStreamResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /missions/feed}: the status sweep as Server-Sent Events: {@code event: status} /
 * {@code data: all quiet on sector N} for each sector, then {@code event: close} / {@code data: stand down},
 * then the response ends. Each frame is written as it is produced, paced by {@code interval} on a timer.
 */
@ApplicationScoped
public class FeedRoute {

    /** The path of the feed. */
    public static final String PATH = "/missions/feed";

    private final FeedConfig config;
    private final Vertx vertx;

    /**
     * @param config the number of sectors and the pacing interval
     * @param vertx  times the pacing
     */
    public FeedRoute(FeedConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::feed);
    }

    private void feed(RoutingContext ctx) {
        sweep(EventStreamResponse.begin(ctx.response()), 1);
    }

    private void sweep(HttpServerResponse response, int sector) {
        long pause = config.interval().toMillis();
        for (; sector <= config.sectors(); sector++) {
            if (response.closed()) {
                return;
            }
            if (sector > 1 && pause > 0) {
                int next = sector;
                vertx.setTimer(pause, id -> {
                    if (!response.closed()) {
                        response.write(EventStreamEncoder.named("status", "all quiet on sector " + next));
                        sweep(response, next + 1);
                    }
                });
                return;
            }
            response.write(EventStreamEncoder.named("status", "all quiet on sector " + sector));
        }
        if (!response.closed()) {
            response.end(EventStreamEncoder.named("close", "stand down"));
        }
    }
}
