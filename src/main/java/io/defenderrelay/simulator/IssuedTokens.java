package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens the simulator has handed out, each tied to a tenant, an application, its roles and an expiry.
 * They are shaped like Entra's: a JWT whose payload carries {@code aud}, {@code tid}, {@code appid} and {@code roles};
 * the signature part is random, as only this simulator checks its own tokens (by looking them up).
 */
final class IssuedTokens {
    /** Expired tokens are remembered this long so that Graph can still say "expired" rather than "unknown". */
    private static final Duration REMEMBER_EXPIRED = Duration.ofMinutes(30);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"sim\"}"
            .getBytes(StandardCharsets.UTF_8));

    record Token(SimTenant tenant, String clientId, Set<String> roles, Instant expiresAt, long generation) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    String issue(SimTenant tenant, RegisteredApp app, Instant now, Duration lifetime, String graph) {
        tokens.values().removeIf(t -> t.expiresAt().plus(REMEMBER_EXPIRED).isBefore(now));
        Instant expires = now.plus(lifetime);
        ObjectNode claims = Json.mapper().createObjectNode()
                .put("aud", graph)
                .put("iss", "https://sts.windows.net/" + tenant.tenantId() + "/")
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("exp", expires.getEpochSecond())
                .put("appid", app.clientId())
                .put("idtyp", "app")
                .put("tid", tenant.tenantId())
                .put("uti", UUID.randomUUID().toString());
        if (!app.roles().isEmpty()) { // Entra leaves the claim out when no role is granted
            ArrayNode roles = claims.putArray("roles");
            app.roles().stream().sorted().forEach(roles::add);
        }
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        String token = HEADER + "." + BASE64URL.encodeToString(json(claims)) + "." + BASE64URL.encodeToString(signature);
        tokens.put(token, new Token(tenant, app.clientId(), app.roles(), expires, tenant.tokenGeneration()));
        return token;
    }

    /** Every token handed out and not yet forgotten. */
    Set<String> all() {
        return Set.copyOf(tokens.keySet());
    }

    Optional<Token> find(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    private static byte[] json(ObjectNode claims) {
        try {
            return Json.mapper().writeValueAsBytes(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator could not serialize its own token", e);
        }
    }
}
