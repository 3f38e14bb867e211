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

    private void sweep(HttpServerResponse response, int from) {
        long pause = config.interval().toMillis();
        for (int sector = from; sector <= config.sectors(); sector++) {
            if (response.closed()) {
                return;
            }
            response.write(EventStreamEncoder.named("status", "all quiet on sector " + sector));
            if (pause > 0 && sector < config.sectors()) {
                int next = sector + 1;
                vertx.setTimer(pause, id -> sweep(response, next));
                return;
            }
        }
        if (!response.closed()) {
            response.end(EventStreamEncoder.named("close", "stand down"));
        }
    }
}
