package dev.missioncontrol.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every error an HTTP endpoint raises to an RFC 9457 {@code application/problem+json} response,
 * so clients see one error shape whatever went wrong.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /**
     * @param e a problem raised on purpose by an endpoint
     * @return its status, headers and problem body
     */
    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    /**
     * @param e Bean Validation failures of endpoint input
     * @return {@code 400} with the violated constraints' messages, sorted and joined by "; "
     */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(ConstraintViolation::getMessage)
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(Problem.of(400, detail));
    }

    /**
     * @param e a body that is not well-formed JSON or not of the expected shape
     * @return {@code 400} "malformed JSON body"
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(Problem.of(400, "malformed JSON body: " + e.getOriginalMessage()));
    }

    /**
     * @param e a JSON body of the wrong shape, for example an array where an object belongs (a more specific
     *          built-in mapper would otherwise answer with an empty body)
     * @return {@code 400} "malformed JSON body"
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    /**
     * @param e a JAX-RS error such as 404, 405 or 415 raised by the framework
     * @return the same status with a problem body
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        return respond(Problem.of(status, e.getMessage()));
    }

    /**
     * @param e anything else that went wrong; logged with its stack trace, never shown to the client
     * @return {@code 500} with a generic detail
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return respond(Problem.of(500, "internal error"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
