package dev.missioncontrol.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every error the REST layer raises (an unknown path, a wrong method on the mission log, a failure inside a
 * resource) to an RFC 9457 {@code application/problem+json} response, so clients see one error shape whatever
 * went wrong. The Vert.x routes write theirs with {@link ProblemResponse}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /**
     * @param e a JAX-RS error such as 404, 405 or 406 raised by the framework
     * @return the same status with a problem body
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return respond(Problem.of(e.getResponse().getStatus(), e.getMessage()));
    }

    /**
     * @param e a client's mistake a resource refused, with its status and any headers; not logged as our error
     * @return that status with its problem body
     */
    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response =
                Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        e.headers().forEach(response::header);
        return response.build();
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
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
