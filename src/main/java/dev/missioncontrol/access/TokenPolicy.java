package dev.missioncontrol.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP security policy named {@code mission-control-token}, applied to {@code /missions/*} and
 * {@code /comms} in {@code application.properties}: everyone passes while no tokens are configured; otherwise
 * only a request authenticated by a valid token does, and the rest get the mechanism's {@code 401}. As an HTTP
 * policy it guards REST resources, the plain Vert.x stream routes and the WebSocket upgrade alike.
 */
@ApplicationScoped
public class TokenPolicy implements HttpSecurityPolicy {

    private final TokenStore tokens;

    /** @param tokens the configured tokens */
    public TokenPolicy(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "mission-control-token";
    }

    @Override
    public Uni<CheckResult> checkPermission(
            RoutingContext request, Uni<SecurityIdentity> identity, AuthorizationRequestContext context) {
        if (!tokens.enabled()) {
            return CheckResult.permit();
        }
        return identity.map(who -> who == null || who.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }
}
