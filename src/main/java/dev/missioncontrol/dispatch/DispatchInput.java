package dev.missioncontrol.dispatch;

import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * What a dispatch request says: reads its whole body (at most {@value #MAX_BODY_BYTES} bytes, else {@code 413};
 * one that breaks off or is malformed, {@code 400}, and the connection closes) before anything is accepted, then
 * takes the hero from {@code ?hero=}, a form body or a JSON body ({@link HeroInput}).
 */
final class DispatchInput {

    /** The largest request body read; a hero is at most 64 characters. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(DispatchInput.class);
    private static final String BODY = "mission-control.body";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    // An instance field: a Vert.x buffer must not be baked into the native image heap.
    private final Buffer empty = Buffer.buffer(new byte[0]);
    private final HeroInput input;
    private final ProblemResponse problems;

    DispatchInput(HeroInput input, ProblemResponse problems) {
        this.input = input;
        this.problems = problems;
    }

    /** Reads the whole body, at most {@link #MAX_BODY_BYTES}, before the request goes on. */
    void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || hasNoBody(request)) {
            // Nothing to wait for (the common ?hero= dispatch): the dispatch goes on without a round of body handlers.
            ctx.put(BODY, empty);
            ctx.next();
            return;
        }
        if (declaredLength(request) > MAX_BODY_BYTES) {
            // Refused on its header, before a byte of it is read: waiting for ten megabytes that may never come
            // would hold the connection until the idle timeout with no answer.
            problems.sendAndClose(request, Problem.of(413, "request body over " + MAX_BODY_BYTES + " bytes"));
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

    /** @return the Content-Length the request declares, or -1 for none or one that is not a number */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An HTTP/1.x request with neither Transfer-Encoding nor a Content-Length above 0 has no body (RFC 9112 6.3). */
    private static boolean hasNoBody(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null || length.equals("0");
    }

    /** The hero from the query string or the body; the same hero given in both is fine, two different ones not. */
    String hero(RoutingContext ctx) throws BadInput {
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
}
