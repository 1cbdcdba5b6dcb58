package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** What a failed Graph call means: whether to retry it, and what to tell the operator. */
public final class GraphFailureDiagnosis {

    private static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);

    public boolean isRetryable(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof HttpOperationFailedException http) {
            return RETRYABLE_STATUS.contains(http.getStatusCode());
        }
        return failure instanceof IOException || failure instanceof GraphResponseException;
    }

    /** One line an operator can act on, for a failure of tenant {@code tenant} (app {@code clientId}). */
    public static String diagnose(Throwable failure, String tenant, String clientId) {
        if (!(failure instanceof HttpOperationFailedException http)) {
            return failure.getMessage() == null ? failure.toString() : failure.getMessage();
        }
        return diagnose(http.getStatusCode(), http.getResponseBody(), http.getRedirectLocation(), tenant, clientId);
    }

    /** The same for Graph's answer {@code status} with {@code body} (and Location, if any), however it was requested. */
    public static String diagnose(int status, String body, String redirectLocation, String tenant, String clientId) {
        JsonNode error = graphError(body);
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        String seen = "Graph answered " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : " (" + message + ")");
        if (message.contains("Resource not found for the segment 'alerts_v2'")) {
            return seen + ": tenant " + tenant + " is not provisioned for Defender XDR unified alerts, or the cloud/API "
                    + "version is wrong. Open the Defender portal → Incidents & alerts → Alerts once and allow up to an "
                    + "hour; check relay.tenants[i].cloud and that relay.graph-host serves /v1.0.";
        }
        if (status >= 300 && status < 400) {
            return seen + " redirecting to " + origin(redirectLocation) + ": the relay does not follow redirects"
                    + " from Graph, so the bearer token stays with the configured host. Check that relay.graph-host (or"
                    + " the tenant's cloud) names Graph itself and that no proxy rewrites its answers.";
        }
        return switch (status) {
            case 401 -> seen + ": Graph rejected the token for tenant " + tenant + " even after a fresh one was fetched. "
                    + "Check that relay.graph-host matches the cloud the token was issued for.";
            case 403 -> seen + ": app " + clientId + " may not read alerts in tenant " + tenant + ". In Entra → App "
                    + "registrations → API permissions add Microsoft Graph › Application › SecurityAlert.Read.All and "
                    + "grant admin consent.";
            case 429 -> seen + ": tenant " + tenant + " is still throttled after the configured retries; the next poll "
                    + "continues. Poll less often (relay.poll.interval) if this persists.";
            case 400 -> seen + ": Graph rejected the relay's query; this is a relay bug, please report it with this line.";
            default -> status >= 500 ? seen + ": Graph is failing for tenant " + tenant + "; the next poll retries the same window."
                    : seen;
        };
    }

    /** scheme://host[:port] of a URL, never its path, query or user-info (which may hold secrets). */
    private static String origin(String url) {
        if (url == null) {
            return "nowhere (no Location header)";
        }
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an unparsable Location";
        }
    }

    private static JsonNode graphError(String body) {
        try {
            return body == null ? Json.mapper().missingNode() : Json.mapper().readTree(body).path("error");
        } catch (IOException e) {
            return Json.mapper().missingNode();
        }
    }
}
