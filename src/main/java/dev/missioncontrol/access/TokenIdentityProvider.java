package dev.missioncontrol.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;

/**
 * Turns a presented bearer token into an identity named {@code token-N} (the index of the configured token it
 * matched, never the token itself) with role {@code operator}; an unknown token fails authentication.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The role every valid token carries. */
    public static final String OPERATOR = "operator";

    private final TokenStore tokens;

    /** @param tokens the configured tokens */
    public TokenIdentityProvider(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        OptionalInt match = tokens.match(request.getToken().getToken());
        if (match.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token"));
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("token-" + match.getAsInt()))
                        .addRole(OPERATOR)
                        .build());
    }
}
