package dev.missioncontrol.events;

import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemResponse;
import dev.missioncontrol.sse.EventStreamEncoder;
import dev.missioncontrol.sse.EventStreamResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code GET /missions/events}: the firehose as Server-Sent Events. A plain Vert.x route rather than a REST
 * resource, so that each subscriber is written the broker's shared, already-encoded frame with no per-subscriber
 * serialisation. Answers {@code 400} problem JSON for a bad {@code type} or Last-Event-ID and {@code 503} when
 * {@code max-subscribers} are open or the service is shutting down.
 */
@ApplicationScoped
public class EventStreamRoute {

    /** The path of the event stream. */
    public static final String PATH = "/missions/events";

    // An instance field, not a static: Quarkus initialises classes at native-image build time, and a Vert.x
    // buffer must not be baked into the image heap.
    private final Buffer retry = EventStreamEncoder.retry(3000);
    private final EventBroker broker;
    private final ProblemResponse problems;

    /**
     * @param broker   the broker the subscribers join
     * @param problems writes problem bodies
     */
    public EventStreamRoute(EventBroker broker, ProblemResponse problems) {
        this.broker = broker;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::subscribe);
    }

    private void subscribe(RoutingContext ctx) {
        TypeFilter filter;
        OptionalLong lastEventId;
        try {
            filter = TypeFilter.of(ctx.queryParam("type"));
            lastEventId = lastEventId(ctx);
        } catch (IllegalArgumentException e) {
            problems.send(ctx.response(), Problem.of(400, e.getMessage()));
            return;
        }
        if (!broker.admit()) {
            problems.send(ctx.response(), Problem.of(503,
                    "too many event-stream subscribers, or shutting down; retry later"), Map.of("Retry-After", "1"));
            return;
        }
        HttpServerResponse response = ctx.response();
        EventStreamResponse.begin(response);
        response.write(Buffer.buffer(retry.length() + 64).appendBuffer(retry)
                .appendBuffer(ControlFrames.connected(Instant.now())), null);
        Subscriber subscriber = broker.subscribe(new HttpSubscriberSink(response), filter, lastEventId);
        response.closeHandler(v -> broker.unsubscribe(subscriber));
        response.endHandler(v -> broker.unsubscribe(subscriber));
        response.exceptionHandler(e -> broker.unsubscribe(subscriber));
    }

    private static OptionalLong lastEventId(RoutingContext ctx) {
        String header = ctx.request().getHeader("Last-Event-ID");
        String value = header != null ? header : ctx.request().getParam("lastEventId");
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Last-Event-ID must be a non-negative integer");
        }
    }
}
