package dev.missioncontrol.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemException;
import dev.missioncontrol.problem.ProblemResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code POST /missions/dispatch}: answers {@code 202 {"dispatched":"NAME"}} at once; the hero is recorded by the
 * {@link Dispatcher} after the response is sent. The hero comes from {@code ?hero=}, a form field
 * ({@code application/x-www-form-urlencoded}) or a JSON body {@code {"hero":"NAME"}}, read strictly by
 * {@link HeroInput}; a body of another type is read and ignored. The whole body is read before anything is
 * accepted, so a body that breaks off or is malformed gets {@code 400} and records nothing. Bad input gets
 * {@code 400} problem JSON and records nothing; a body over 64 KiB gets {@code 413}; any other method {@code 405};
 * a refusal by the dispatcher {@code 503} with {@code Retry-After}. A {@code 202} carries, in {@code Location}, where
 * to ask how the dispatch is doing ({@link DispatchStatusResource}). With an {@code Idempotency-Key} header a retry
 * gets the first answer and is recorded once; the same key for another hero gets {@code 422}, a retry while the first
 * is being accepted {@code 409} (draft-ietf-httpapi-idempotency-key-header, section 2.7).
 *
 * <p>A plain Vert.x route rather than a REST resource: the REST layer's work per request (parameter handlers, a CDI
 * request scope, the entity writer) cost more than the dispatch itself (docs/benchmarks.md).
 */
@ApplicationScoped
public class DispatchRoute {

    /** The path of dispatch. */
    public static final String PATH = "/missions/dispatch";

    private static final Logger LOG = Logger.getLogger(DispatchRoute.class);
    private static final String JSON = "application/json";
    // Relative to /missions/dispatch: resolves to /missions/dispatches/{id}.
    private static final String STATUS_PATH = "dispatches/";

    private final Dispatcher dispatcher;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final DispatchInput input;
    private final ProblemResponse problems;

    /**
     * @param dispatcher accepts and later records dispatches
     * @param validator  checks the hero name against {@link DispatchRequest}'s constraints
     * @param mapper     reads JSON bodies and writes the {@code 202} body
     * @param problems   writes error bodies
     */
    public DispatchRoute(Dispatcher dispatcher, Validator validator, ObjectMapper mapper, ProblemResponse problems) {
        this.dispatcher = dispatcher;
        this.validator = validator;
        this.mapper = mapper;
        this.input = new DispatchInput(new HeroInput(mapper), problems);
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.post(PATH).handler(input::readBody).handler(this::dispatch).failureHandler(this::failed);
        router.route(PATH)
                .handler(ctx -> problems.send(
                        ctx.response(),
                        Problem.of(405, ctx.request().method() + " is not allowed here; use POST"),
                        Map.of("Allow", "POST")));
    }

    private void dispatch(RoutingContext ctx) {
        String hero;
        String key;
        try {
            DispatchRequest request = new DispatchRequest(input.hero(ctx));
            List<String> violations = validator.validate(request).stream()
                    .map(ConstraintViolation::getMessage)
                    .sorted()
                    .collect(Collectors.toList());
            if (!violations.isEmpty()) {
                throw ProblemException.badRequest(String.join("; ", violations));
            }
            hero = request.hero();
            // Most dispatches carry no key: look for one before building the list of its values.
            key = ctx.request().headers().contains(IdempotencyKeyHeader.NAME)
                    ? IdempotencyKeyHeader.parse(ctx.request().headers().getAll(IdempotencyKeyHeader.NAME))
                    : null;
        } catch (ProblemException e) {
            problems.send(ctx.response(), e);
            return;
        } catch (BadInput e) {
            problems.send(ctx.response(), Problem.of(400, e.getMessage()));
            return;
        }
        Context context = Vertx.currentContext();
        dispatcher.accept(hero, key).whenComplete((acceptance, failure) -> {
            // With Redis the answer comes on the Redis connection's context: the response is written from its own.
            if (Vertx.currentContext() == context) {
                answer(ctx, acceptance, failure);
            } else {
                context.runOnContext(v -> answer(ctx, acceptance, failure));
            }
        });
    }

    private void answer(RoutingContext ctx, Acceptance acceptance, Throwable failure) {
        if (ctx.response().closed()) {
            // The client left while Redis answered: nothing to write, but what was accepted goes on.
            if (acceptance != null) {
                dispatcher.launch(acceptance);
            }
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DispatchRefused refused) {
            problems.send(
                    ctx.response(), Problem.of(503, refused.getMessage()), Map.of("Retry-After", retryAfter(refused)));
            return;
        }
        if (cause != null) {
            ctx.fail(cause);
            return;
        }
        switch (acceptance.outcome()) {
            case ACCEPTED -> {
                ctx.addEndHandler(done -> dispatcher.launch(acceptance));
                accepted(ctx, acceptance.dispatch());
            }
            case REPEAT -> accepted(ctx, acceptance.dispatch());
            case OTHER_HERO ->
                problems.send(
                        ctx.response(),
                        Problem.of(
                                422,
                                "this Idempotency-Key was used for another hero; use a new key for a new dispatch"));
            case IN_PROGRESS ->
                problems.send(
                        ctx.response(),
                        Problem.of(409, "a request with this Idempotency-Key is still being processed; retry it"));
        }
    }

    /**
     * {@code 202} with the body {@code {"dispatched":"NAME"}} and, in {@code Location}, where to ask about the
     * dispatch: a reference relative to this route (RFC 9110 section 10.2.2), so it stays right behind a proxy that
     * adds a path prefix.
     */
    private void accepted(RoutingContext ctx, Dispatch dispatch) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new Dispatched(dispatch.hero()));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        HttpServerResponse response = ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (dispatch.id() != null) {
            response.putHeader(HttpHeaders.LOCATION, STATUS_PATH + dispatch.id());
        }
        response.end(Buffer.buffer(body));
    }

    /** Seconds a refused client should wait: a shutdown takes a while, a full queue drains fast. */
    private static String retryAfter(DispatchRefused refused) {
        return switch (refused.reason()) {
            case SHUTTING_DOWN -> "5";
            case FULL, KEYS_FULL -> "1";
            case LOG_UNAVAILABLE, NOT_CONFIRMED -> "2";
        };
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (ctx.statusCode() >= 400 && ctx.statusCode() < 500 && ctx.failure() == null) {
            problems.send(ctx.response(), Problem.of(ctx.statusCode(), "the request could not be read"));
        } else {
            LOG.error("dispatch failed", ctx.failure());
            problems.send(ctx.response(), Problem.of(500, "internal error"));
        }
    }
}
