package io.defenderrelay.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The opaque access tokens the simulator has handed out, each tied to a tenant, an application and an expiry. */
final class IssuedTokens {
    /** Expired tokens are remembered this long so that Graph can still say "expired" rather than "unknown". */
    private static final Duration REMEMBER_EXPIRED = Duration.ofMinutes(30);

    record Token(SimTenant tenant, String clientId, Instant expiresAt, long generation) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    String issue(SimTenant tenant, String clientId, Instant now, Duration lifetime) {
        tokens.values().removeIf(t -> t.expiresAt().plus(REMEMBER_EXPIRED).isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "sim." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Token(tenant, clientId, now.plus(lifetime), tenant.tokenGeneration()));
        return token;
    }

    /** Every token handed out and not yet forgotten. */
    Set<String> all() {
        return Set.copyOf(tokens.keySet());
    }

    Optional<Token> find(String token) {
        return Optional.ofNullable(tokens.get(token));
    }
}
