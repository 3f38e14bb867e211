package dev.missioncontrol.http;

import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before any route, requests whose body length cannot be known for sure (RFC 9112 section 6.3): a
 * {@code Transfer-Encoding} whose final coding is not {@code chunked}, with or without a {@code Content-Length}.
 * Such a request gets {@code 400} and the connection closes, since where its body ends, and so where the next
 * request starts, is unknown (the root of request smuggling).
 */
@ApplicationScoped
public class RequestFraming {

    /** Runs before every other route. */
    static final int ORDER = -10_000;

    private final ProblemResponse problems;

    /** @param problems writes the refusal */
    public RequestFraming(ProblemResponse problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (!ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            ctx.next();
            return;
        }
        List<String> encodings = ctx.request().headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (endsWithChunked(encodings)) {
            ctx.next();
            return;
        }
        problems.sendAndClose(
                ctx.request(), Problem.of(400, "Transfer-Encoding must end with chunked (RFC 9112 section 6.3)"));
    }

    private static boolean endsWithChunked(List<String> fields) {
        String last = fields.get(fields.size() - 1);
        int comma = last.lastIndexOf(',');
        String coding = (comma < 0 ? last : last.substring(comma + 1)).trim().toLowerCase(Locale.ROOT);
        return coding.equals("chunked");
    }
}
