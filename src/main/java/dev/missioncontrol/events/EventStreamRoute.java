package dev.missioncontrol.events;

import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemResponse;
import dev.missioncontrol.sse.EventStreamEncoder;
import dev.missioncontrol.sse.EventStreamResponse;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /missions/events}: the firehose as Server-Sent Events. Answers {@code 400} problem JSON for a bad
 * {@code type} or Last-Event-ID and {@code 503} when {@code max-subscribers} are open or the service is shutting
 * down; {@code HEAD} answers the same headers without subscribing.
 *
 * <p>A plain Vert.x route rather than a REST resource, so that each subscriber is written the hub's shared,
 * already-encoded frame with no per-subscriber serialisation: a {@code Multi<OutboundSseEvent>} resource fed the
 * same events fell far behind this route at 1,000 and 5,000 subscribers (docs/benchmarks.md, tuning history).
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
    private final boolean accessLog;

    /**
     * @param broker    the broker the subscribers join
     * @param problems  writes problem bodies
     * @param accessLog whether Quarkus's access log is on: it reads a request's headers when the request ends
     */
    public EventStreamRoute(
            EventBroker broker,
            ProblemResponse problems,
            @ConfigProperty(name = "quarkus.http.access-log.enabled", defaultValue = "false") boolean accessLog) {
        this.broker = broker;
        this.problems = problems;
        this.accessLog = accessLog;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::subscribe);
        // HEAD answers what GET would, without a body and without subscribing (RFC 9110 section 9.3.2).
        router.head(PATH).handler(ctx -> {
            if (parse(ctx) != null) {
                EventStreamResponse.begin(ctx.response()).setChunked(false).end();
            }
        });
    }

    /** What a subscription asks for. */
    private record Subscription(TypeFilter filter, OptionalLong lastEventId) {}

    /** @return the request's filter and Last-Event-ID, or null after answering {@code 400} */
    private Subscription parse(RoutingContext ctx) {
        try {
            return new Subscription(TypeFilter.of(ctx.queryParam("type")), lastEventId(ctx));
        } catch (IllegalArgumentException e) {
            problems.send(ctx.response(), Problem.of(400, e.getMessage()));
            return null;
        }
    }

    private void subscribe(RoutingContext ctx) {
        Subscription asked = parse(ctx);
        if (asked == null) {
            return;
        }
        if (!broker.admit()) {
            problems.send(
                    ctx.response(),
                    Problem.of(503, "too many event-stream subscribers, or shutting down; retry later"),
                    Map.of("Retry-After", "1"));
            return;
        }
        HttpServerResponse response = ctx.response();
        EventStreamResponse.begin(response);
        // Both header maps would otherwise stay in memory as long as the stream, read by no one but the access log,
        // which prints its line when the stream ends: the request's were read above, the response's are on the wire
        // once the first write is done. Emptying them saves memory per subscriber (docs/benchmarks.md).
        Buffer first = Buffer.buffer(retry.length() + 64)
                .appendBuffer(retry)
                .appendBuffer(ControlFrames.connected(Instant.now()));
        if (accessLog) {
            response.write(first, null);
        } else {
            ctx.request().headers().clear();
            response.write(first, written -> response.headers().clear());
        }
        Subscriber subscriber = broker.subscribe(new HttpSubscriberSink(response), asked.filter(), asked.lastEventId());
        Handler<Void> gone = v -> broker.unsubscribe(subscriber);
        response.closeHandler(gone);
        response.endHandler(gone);
        response.exceptionHandler(e -> broker.unsubscribe(subscriber));
    }

    private static OptionalLong lastEventId(RoutingContext ctx) {
        String value = ctx.request().getHeader("Last-Event-ID");
        if (value == null) {
            // The routing context's query parameters, not the request's: those would stay in memory as long as the
            // stream.
            List<String> query = ctx.queryParam("lastEventId");
            value = query.isEmpty() ? null : query.get(0);
        }
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
