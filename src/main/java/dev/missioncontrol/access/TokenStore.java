package dev.missioncontrol.access;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The configured bearer tokens, kept only as SHA-256 digests. Checking a token compares its digest with every
 * configured one using {@link MessageDigest#isEqual} and without stopping early, so the time taken says nothing
 * about which token, or how much of one, matched. Tokens are never logged.
 */
@Singleton
public class TokenStore {

    private final List<byte[]> digests;

    /** @param config the configured tokens */
    @Inject
    public TokenStore(AuthConfig config) {
        this(config.tokens().orElse(List.of()));
    }

    TokenStore(List<String> tokens) {
        this.digests = tokens.stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(TokenStore::sha256)
                .toList();
    }

    /** @return true when tokens are configured, so {@code /missions/*} and {@code /comms} need one */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * @param token a presented token
     * @return the index of the configured token it equals (used as the principal's name), or empty
     */
    public OptionalInt match(String token) {
        byte[] presented = sha256(token);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(presented, digests.get(i)) && found < 0) {
                found = i;
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
