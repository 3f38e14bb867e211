package dev.missioncontrol.comms;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, before the {@code /comms} upgrade, whether a connection may open: an {@code Origin} not in
 * {@code allowed-origins} (when set) gets {@code 403}; past {@code max-connections} open connections the
 * upgrade gets {@code 503} with {@code Retry-After}. Bearer tokens are checked earlier, by the HTTP policy. A
 * permitted connection gets the RFC 6455 checks of {@link StrictFrames}.
 * The connection count is read from the open connections, so simultaneous upgrades may overshoot the limit by
 * the few that are checked at the same instant; nothing can leak a slot.
 */
@ApplicationScoped
public class CommsUpgradeCheck implements HttpUpgradeCheck {

    private final Set<String> allowedOrigins;
    private final int maxConnections;
    private final OpenConnections connections;

    /**
     * @param config      allowed origins and the connection limit
     * @param connections the open comms connections
     */
    public CommsUpgradeCheck(CommsConfig config, OpenConnections connections) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of()).stream()
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .map(CommsUpgradeCheck::normalise)
                .collect(Collectors.toUnmodifiableSet());
        this.maxConnections = config.maxConnections();
        this.connections = connections;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!allowedOrigins.isEmpty()) {
            String origin = context.httpRequest().getHeader("Origin");
            if (origin == null || !allowedOrigins.contains(normalise(origin))) {
                return CheckResult.rejectUpgrade(403);
            }
        }
        if (connections.listAll().size() >= maxConnections) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        StrictFrames.install(context.httpRequest());
        MemberChannel.install(context.httpRequest(), context.userData());
        return CheckResult.permitUpgrade();
    }

    // Origins compare as the browser serialises them (RFC 6454): scheme and host are case-insensitive.
    private static String normalise(String origin) {
        String lower = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
