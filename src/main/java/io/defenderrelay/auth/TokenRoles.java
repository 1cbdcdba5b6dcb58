package io.defenderrelay.auth;

import io.defenderrelay.support.Json;
import io.defenderrelay.support.Trouble;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application roles an access token carries (its {@code roles} claim), to name a permission alerts_v2 needs and
 * the app lacks. The payload is read without checking the signature: the token came straight from Entra over TLS,
 * Graph alone decides what it is worth, and this only explains Graph's answer.
 */
public final class TokenRoles {
    public static final String READ_ALERTS = "SecurityAlert.Read.All";
    private static final Set<String> ALERT_ROLES = Set.of(READ_ALERTS, "SecurityAlert.ReadWrite.All");
    /** The legacy security API's permissions: they do not cover alerts_v2. */
    private static final Set<String> LEGACY_ROLES = Set.of("SecurityEvents.Read.All", "SecurityEvents.ReadWrite.All");
    /** Graph's 403 to alerts_v2, and what test-connection reads in the token: the permission is missing. */
    public static final Trouble NO_ALERT_PERMISSION = new Trouble("Graph 403 in a WARN; `test-connection` FAIL naming a"
            + " missing `" + READ_ALERTS + "` or a legacy-only `SecurityEvents.Read.All`",
            "app {client-id} may not read alerts in tenant {tenant}", Remedies.ALERT_PERMISSION);

    /** Why a token cannot read alerts_v2, and what to do about it. */
    public record Missing(String problem, String fix) {
    }

    private final Set<String> roles;

    private TokenRoles(Set<String> roles) {
        this.roles = roles;
    }

    /** The roles of a JWT access token; empty when the token is not a JWT (Entra's are, for Graph). */
    public static Optional<TokenRoles> of(String accessToken) {
        String[] parts = accessToken.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            Set<String> roles = new TreeSet<>();
            payload.path("roles").forEach(role -> roles.add(role.asText()));
            return payload.isObject() ? Optional.of(new TokenRoles(roles)) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    public Set<String> roles() {
        return roles;
    }

    /** Why app {@code clientId} cannot read alerts_v2 with this token; empty when its roles allow it. */
    public Optional<Missing> missingAlertPermission(String clientId) {
        if (roles.stream().anyMatch(ALERT_ROLES::contains)) {
            return Optional.empty();
        }
        if (roles.stream().anyMatch(LEGACY_ROLES::contains)) {
            return Optional.of(new Missing("app " + clientId + " has only the legacy " + String.join(", ", roles)
                    + ", which reads the retired security/alerts API, not alerts_v2 (it needs " + READ_ALERTS + ")",
                    NO_ALERT_PERMISSION.fix()));
        }
        return Optional.of(new Missing("the token of app " + clientId + " carries " + (roles.isEmpty()
                ? "no application role" : "only the roles " + String.join(", ", roles)) + ": " + READ_ALERTS
                + " is not granted (the permission is not added, or admin consent is missing)",
                NO_ALERT_PERMISSION.fix()));
    }
}
