package dev.missioncontrol.missions;

import dev.missioncontrol.problem.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /missions/dispatch}: answers {@code 202 {"dispatched":"NAME"}} at once; the hero is recorded by
 * the {@link Dispatcher} after the response is sent. The hero comes from {@code ?hero=}, a form field or a
 * JSON body; bad input gets {@code 400} problem JSON and records nothing.
 */
@Path("/missions/dispatch")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class DispatchResource {

    private final Dispatcher dispatcher;
    private final Validator validator;

    /**
     * @param dispatcher accepts and later records dispatches
     * @param validator  checks the hero name
     */
    public DispatchResource(Dispatcher dispatcher, Validator validator) {
        this.dispatcher = dispatcher;
        this.validator = validator;
    }

    /**
     * @param hero the hero, from the query string
     * @param ctx  the exchange, to start the background work once the response has gone
     * @return {@code 202} with {@code {"dispatched":"NAME"}}
     */
    @POST
    public Response dispatch(@RestQuery String hero, RoutingContext ctx) {
        return accept(hero, null, ctx);
    }

    /**
     * @param query the hero from the query string, if any
     * @param form  the hero from the form field {@code hero}
     * @param ctx   the exchange
     * @return {@code 202} with {@code {"dispatched":"NAME"}}
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response dispatchForm(@RestQuery("hero") String query, @RestForm("hero") String form, RoutingContext ctx) {
        return accept(query, form, ctx);
    }

    /**
     * @param query the hero from the query string, if any
     * @param body  {@code {"hero":"NAME"}}
     * @param ctx   the exchange
     * @return {@code 202} with {@code {"dispatched":"NAME"}}
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response dispatchJson(@RestQuery("hero") String query, DispatchRequest body, RoutingContext ctx) {
        return accept(query, body == null ? null : body.hero(), ctx);
    }

    private Response accept(String query, String body, RoutingContext ctx) {
        if (query != null && body != null && !query.equals(body)) {
            throw ProblemException.badRequest("hero given twice with different values");
        }
        DispatchRequest request = new DispatchRequest(query != null ? query : body);
        Set<ConstraintViolation<DispatchRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        Dispatcher.Pending pending = dispatcher.accept(request.hero());
        ctx.addEndHandler(done -> dispatcher.launch(pending));
        return Response.accepted(new Dispatched(request.hero())).build();
    }
}
