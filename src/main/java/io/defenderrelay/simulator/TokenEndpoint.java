package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Entra ID's {@code POST /{tenant}/oauth2/v2.0/token} for the client-credentials grant. */
final class TokenEndpoint {
    static final Pattern PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Scopes MSAL appends to every request; Entra ignores them for the client-credentials grant. */
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");
    private static final DateTimeFormatter ENTRA_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Function<String, Optional<SimTenant>> tenants;
    private final IssuedTokens tokens;
    private final ClientAssertionVerifier assertions;
    private final Duration lifetime;
    private final String baseUrl;

    TokenEndpoint(Function<String, Optional<SimTenant>> tenants, IssuedTokens tokens,
                  ClientAssertionVerifier assertions, Duration lifetime, String baseUrl) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.assertions = assertions;
        this.lifetime = lifetime;
        this.baseUrl = baseUrl;
    }

    Handled handle(SimRequest request) {
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            throw new IllegalArgumentException("not a token endpoint path: " + request.path());
        }
        String tenantId = path.group(1);
        Map<String, String> form = parseForm(new String(request.body(), StandardCharsets.UTF_8));
        String clientId = form.get("client_id");
        Optional<SimTenant> tenant = tenants.apply(tenantId);
        if (tenant.isPresent() && tenant.get().tokenEndpointDown()) {
            return new Handled(Reply.text(503, "text/html", "<h2>Service Unavailable</h2>"), RecordedRequest.Kind.TOKEN,
                    tenant.get(), clientId);
        }
        try {
            if (tenant.isEmpty()) {
                throw new EntraError(400, "invalid_request", 90002, "Tenant '" + tenantId + "' not found. Check to make "
                        + "sure you have the correct tenant ID and are signing into the correct cloud.");
            }
            String token = issue(tenant.get(), tenantId, form, request.receivedAt());
            ObjectNode body = Json.mapper().createObjectNode()
                    .put("token_type", "Bearer")
                    .put("expires_in", lifetime.toSeconds())
                    .put("ext_expires_in", lifetime.toSeconds())
                    .put("access_token", token);
            return new Handled(Reply.json(200, "application/json; charset=utf-8", body), RecordedRequest.Kind.TOKEN,
                    tenant.get(), clientId);
        } catch (EntraError e) {
            return new Handled(errorReply(e, request), RecordedRequest.Kind.TOKEN, tenant.orElse(null), clientId);
        }
    }

    private String issue(SimTenant tenant, String tenantInPath, Map<String, String> form, Instant now) throws EntraError {
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + form.get("grant_type") + "'. Use grant_type=client_credentials.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            throw new EntraError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        checkScope(form.get("scope"), baseUrl + "/.default");
        RegisteredApp app = tenant.app(clientId).orElseThrow(() -> new EntraError(400, "unauthorized_client", 700016,
                "Application with identifier '" + clientId + "' was not found in the directory '" + tenant.tenantId()
                        + "'. This can happen if the application has not been installed by the administrator of the "
                        + "tenant or consented to by any user in the tenant."));
        authenticate(app, tenantInPath, form, now);
        return tokens.issue(tenant, app, now, lifetime, baseUrl);
    }

    /** The one resource scope must be this simulator's Graph ({@code graphDefault}), as Entra ties a token to it. */
    private static void checkScope(String scope, String graphDefault) throws EntraError {
        String[] scopes = scope == null ? new String[0] : scope.trim().split("\\s+");
        long graph = Arrays.stream(scopes).filter(graphDefault::equals).count();
        boolean othersAllowed = Arrays.stream(scopes).allMatch(s -> s.equals(graphDefault) || OIDC_SCOPES.contains(s));
        if (graph != 1 || !othersAllowed) {
            throw new EntraError(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not "
                    + "valid. Client credential flows must have a scope value with /.default suffixed to the resource "
                    + "identifier (application ID URI), e.g. " + graphDefault + ".");
        }
    }

    private void authenticate(RegisteredApp app, String tenantInPath, Map<String, String> form, Instant now)
            throws EntraError {
        String secret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        if (secret != null) {
            if (!app.secrets().contains(secret)) {
                throw EntraError.invalidClient(7000215, "Invalid client secret provided. Ensure the secret being sent "
                        + "in the request is the client secret value, not the client secret ID, for a secret added to "
                        + "app '" + app.clientId() + "'.");
            }
        } else if (assertion != null) {
            if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
                throw new EntraError(400, "invalid_request", 50027, "client_assertion_type must be " + JWT_BEARER + ".");
            }
            assertions.verify(assertion, app, baseUrl + "/" + tenantInPath + "/oauth2/v2.0/token", now);
        } else {
            throw EntraError.invalidClient(7000218, "The request body must contain the following parameter: "
                    + "'client_assertion' or 'client_secret'.");
        }
    }

    private static Reply errorReply(EntraError e, SimRequest request) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = Optional.ofNullable(request.header("client-request-id")).orElse(request.requestId());
        ObjectNode body = Json.mapper().createObjectNode()
                .put("error", e.error())
                .put("error_description", e.getMessage() + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: "
                        + correlationId + "\r\nTimestamp: " + timestamp(request.receivedAt()))
                .put("timestamp", timestamp(request.receivedAt()))
                .put("trace_id", traceId)
                .put("correlation_id", correlationId)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + e.code());
        body.putArray("error_codes").add(e.code());
        return Reply.json(e.status(), "application/json; charset=utf-8", body);
    }

    private static String timestamp(Instant instant) {
        return ENTRA_TIMESTAMP.format(instant);
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }
}
