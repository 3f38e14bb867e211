package dev.missioncontrol.missions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemException;
import dev.missioncontrol.problem.ProblemResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code POST /missions/dispatch}: answers {@code 202 {"dispatched":"NAME"}} at once; the hero is recorded by the
 * {@link Dispatcher} after the response is sent. The hero comes from {@code ?hero=}, a form field
 * ({@code application/x-www-form-urlencoded}) or a JSON body {@code {"hero":"NAME"}}; a body of another type is
 * ignored. Bad input gets {@code 400} problem JSON and records nothing; a body over 64 KiB gets {@code 413}; any
 * other method {@code 405}.
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
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private final Dispatcher dispatcher;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final ProblemResponse problems;
    private final BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

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
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.post(PATH).handler(this::readBody).handler(this::dispatch).failureHandler(this::failed);
        router.route(PATH).handler(ctx -> problems.send(ctx.response(),
                Problem.of(405, ctx.request().method() + " is not allowed here; use POST"), Map.of("Allow", "POST")));
    }

    private void readBody(RoutingContext ctx) {
        String type = mediaType(ctx);
        if (FORM.equals(type) || JSON.equals(type)) {
            body.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private void dispatch(RoutingContext ctx) {
        try {
            DispatchRequest request = new DispatchRequest(hero(ctx));
            List<String> violations = validator.validate(request).stream()
                    .map(ConstraintViolation::getMessage).sorted().collect(Collectors.toList());
            if (!violations.isEmpty()) {
                throw ProblemException.badRequest(String.join("; ", violations));
            }
            Dispatcher.Pending pending = dispatcher.accept(request.hero());
            ctx.addEndHandler(done -> dispatcher.launch(pending));
            ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(mapper.writeValueAsBytes(new Dispatched(request.hero()))));
        } catch (ProblemException e) {
            problems.send(ctx.response(), e);
        } catch (DispatchRefused e) {
            problems.send(ctx.response(), Problem.of(503, e.getMessage()), Map.of("Retry-After", retryAfter(e)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** Seconds a refused client should wait: a shutdown takes a while, a full queue drains fast. */
    private static String retryAfter(DispatchRefused refused) {
        return switch (refused.reason()) {
            case SHUTTING_DOWN -> "5";
            case FULL -> "1";
        };
    }

    /** The hero from the query string or the body; the same hero given in both is fine, two different ones not. */
    private String hero(RoutingContext ctx) {
        List<String> fromQuery = ctx.queryParam("hero");
        String query = fromQuery.isEmpty() ? null : fromQuery.get(0);
        String fromBody = null;
        String type = mediaType(ctx);
        if (FORM.equals(type)) {
            fromBody = ctx.request().getFormAttribute("hero");
        } else if (JSON.equals(type) && ctx.body().length() > 0) {
            try {
                DispatchRequest request = mapper.readValue(ctx.body().buffer().getBytes(), DispatchRequest.class);
                fromBody = request == null ? null : request.hero();
            } catch (java.io.IOException e) {
                String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                throw ProblemException.badRequest("malformed JSON body: " + reason);
            }
        }
        if (query != null && fromBody != null && !query.equals(fromBody)) {
            throw ProblemException.badRequest("hero given twice with different values");
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
        if (ctx.statusCode() == 413) {
            problems.send(ctx.response(), Problem.of(413, "request body over " + MAX_BODY_BYTES + " bytes"));
        } else if (ctx.statusCode() >= 400 && ctx.failure() == null) {
            problems.send(ctx.response(), Problem.of(ctx.statusCode(), "the request could not be read"));
        } else {
            LOG.error("dispatch failed", ctx.failure());
            problems.send(ctx.response(), Problem.of(500, "internal error"));
        }
    }
}
