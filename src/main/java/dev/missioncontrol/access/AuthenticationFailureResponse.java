package dev.missioncontrol.access;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives a request with a wrong token the same {@code 401} as one with none: Quarkus reports a failed
 * authentication as a routing failure with a bare challenge, so this failure handler answers it with
 * {@link BearerTokenMechanism#sendChallenge}, problem body included.
 */
@ApplicationScoped
public class AuthenticationFailureResponse {

    private final BearerTokenMechanism mechanism;

    /** @param mechanism writes the challenge */
    public AuthenticationFailureResponse(BearerTokenMechanism mechanism) {
        this.mechanism = mechanism;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        if (context.failure() instanceof AuthenticationFailedException
                && !context.response().headWritten()) {
            mechanism.sendChallenge(context).subscribe().with(sent -> {}, context::fail);
        } else {
            context.next();
        }
    }
}
