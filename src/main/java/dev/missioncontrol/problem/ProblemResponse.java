package dev.missioncontrol.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.missioncontrol.internals.VertxPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Answers a request with an RFC 9457 problem body from a plain Vert.x route or security mechanism, the same shape
 * as {@link ProblemMappers} gives the REST resources.
 */
@ApplicationScoped
public class ProblemResponse {

    private final ObjectMapper mapper;

    /** @param mapper serialises the problem body */
    public ProblemResponse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Ends {@code response} with the problem's status, {@code application/problem+json} and the problem as body.
     *
     * @param response a response whose head has not been written
     * @param problem  what went wrong
     * @param headers  extra headers, for example {@code Retry-After}; may be empty
     */
    public void send(HttpServerResponse response, Problem problem, Map<String, String> headers) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // A record of three strings and an int always serialises; this only keeps the compiler content.
            throw new IllegalStateException(e);
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(Buffer.buffer(body));
    }

    /**
     * @param response a response whose head has not been written
     * @param problem  what went wrong
     */
    public void send(HttpServerResponse response, Problem problem) {
        send(response, problem, Map.of());
    }

    /**
     * Answers with the problem and closes the connection, for a request whose framing cannot be trusted (where its
     * body ends, and so where the next request starts, is unknown). The answer is flushed before the close, also when
     * Vert.x closes the connection itself right after this call, as it does on a malformed body.
     *
     * @param request a request whose response head has not been written
     * @param problem what went wrong
     */
    public void sendAndClose(HttpServerRequest request, Problem problem) {
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            return;
        }
        send(response, problem, Map.of("Connection", "close"));
        VertxPipeline.flush(request);
        request.connection().close();
    }

    /**
     * @param response a response whose head has not been written
     * @param e        a problem raised on purpose, with its headers
     */
    public void send(HttpServerResponse response, ProblemException e) {
        send(response, e.problem(), e.headers());
    }
}
