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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
 * <p>A plain Vert.x route rather than a REST resource: with 1,000 live subscribers the REST layer's work per
 * request (parameter handlers, a CDI request scope, the entity writer) cost more than the dispatch itself, and
 * the route takes about 11,000 dispatches a second where the resource took 6,000 to 9,000 (src/bench/run.sh).
 */
@ApplicationScoped
public class DispatchRoute {

    /** The path of dispatch. */
    public static final String PATH = "/missions/dispatch";

    /** The largest request body read; a hero is at most 64 characters. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(DispatchRoute.class);
    private static final String BODY = "mission-control.body";
    // An instance field: a Vert.x buffer must not be baked into the native image heap.
    private final Buffer empty = Buffer.buffer(new byte[0]);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    // Relative to /missions/dispatch: resolves to /missions/dispatches/{id}.
    private static final String STATUS_PATH = "dispatches/";

    private final Dispatcher dispatcher;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final HeroInput input;
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
        this.input = new HeroInput(mapper);
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.post(PATH).handler(this::readBody).handler(this::dispatch).failureHandler(this::failed);
        router.route(PATH).handler(ctx -> problems.send(ctx.response(),
                Problem.of(405, ctx.request().method() + " is not allowed here; use POST"), Map.of("Allow", "POST")));
    }

    /** Reads the whole body, at most {@link #MAX_BODY_BYTES}, before the request goes on. */
    private void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || hasNoBody(request)) {
            // Nothing to wait for (the common ?hero= dispatch): the dispatch goes on without a round of body handlers.
            ctx.put(BODY, empty);
            ctx.next();
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (ctx.response().headWritten()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                problems.sendAndClose(request, Problem.of(413, "request body over " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        // A body that breaks off or is malformed (a bad chunk): Vert.x closes the connection after this handler, so
        // the client hears why first, and nothing was accepted.
        request.exceptionHandler(failure -> {
            LOG.debugf("dispatch body unreadable: %s", failure.getMessage());
            problems.sendAndClose(request, Problem.of(400, "the request body is malformed or incomplete"));
        });
        request.endHandler(end -> {
            if (!ctx.response().headWritten()) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    /** An HTTP/1.x request with neither Transfer-Encoding nor a Content-Length above 0 has no body (RFC 9112 6.3). */
    private static boolean hasNoBody(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null || length.equals("0");
    }

    private void dispatch(RoutingContext ctx) {
        String hero;
        String key;
        try {
            DispatchRequest request = new DispatchRequest(hero(ctx));
            List<String> violations = validator.validate(request).stream()
                    .map(ConstraintViolation::getMessage).sorted().collect(Collectors.toList());
            if (!violations.isEmpty()) {
                throw ProblemException.badRequest(String.join("; ", violations));
            }
            hero = request.hero();
            // Most dispatches carry no key: look for one before building the list of its values.
            key = ctx.request().headers().contains(IdempotencyKeyHeader.NAME)
                    ? IdempotencyKeyHeader.parse(ctx.request().headers().getAll(IdempotencyKeyHeader.NAME)) : null;
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
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DispatchRefused refused) {
            problems.send(ctx.response(), Problem.of(503, refused.getMessage()), Map.of("Retry-After", retryAfter(refused)));
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
            case OTHER_HERO -> problems.send(ctx.response(), Problem.of(422,
                    "this Idempotency-Key was used for another hero; use a new key for a new dispatch"));
            case IN_PROGRESS -> problems.send(ctx.response(), Problem.of(409,
                    "a request with this Idempotency-Key is still being processed; retry it"));
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
            case LOG_UNAVAILABLE -> "2";
        };
    }

    /** The hero from the query string or the body; the same hero given in both is fine, two different ones not. */
    private String hero(RoutingContext ctx) throws BadInput {
        String query = input.fromUrlEncoded(ctx.request().query(), "query");
        String fromBody = null;
        Buffer body = ctx.get(BODY);
        String type = mediaType(ctx);
        if (FORM.equals(type)) {
            fromBody = input.fromUrlEncoded(body.toString(StandardCharsets.ISO_8859_1), "form");
        } else if (JSON.equals(type) && body.length() > 0) {
            fromBody = input.fromJson(body.getBytes());
        }
        if (query != null && fromBody != null && !query.equals(fromBody)) {
            throw new BadInput("hero given twice with different values");
        }
        return query != null ? query : fromBody;
    }

    private static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
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
