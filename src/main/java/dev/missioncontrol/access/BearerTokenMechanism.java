package dev.missioncontrol.access;

import dev.missioncontrol.problem.Problem;
import dev.missioncontrol.problem.ProblemResponse;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bearer token from {@code Authorization: Bearer <token>} or, for EventSource and browser WebSockets
 * that cannot set headers, from {@code ?access_token=<token>} (RFC 6750 sections 2.1 and 2.3), and hands it to
 * {@link TokenIdentityProvider}. Its challenge is {@code 401} with {@code WWW-Authenticate: Bearer} and an RFC
 * 9457 problem body.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "bearer ";
    private static final String CHALLENGE = "Bearer realm=\"mission-control\"";

    private final ProblemResponse problems;

    /** @param problems writes the problem body */
    public BearerTokenMechanism(ProblemResponse problems) {
        this.problems = problems;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = token(context);
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        try {
            problems.send(
                    context.response(),
                    Problem.of(
                            401, "a bearer token is required: Authorization: Bearer <token> or ?access_token=<token>"),
                    Map.of("WWW-Authenticate", CHALLENGE));
            return Uni.createFrom().item(true);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    private static String token(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null
                && header.length() > PREFIX.length()
                && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return header.substring(PREFIX.length()).trim();
        }
        // The routing context's query parameters, not the request's: those would stay in memory as long as a stream.
        List<String> query = context.queryParam("access_token");
        return query.isEmpty() || query.get(0).isEmpty() ? null : query.get(0);
    }
}
