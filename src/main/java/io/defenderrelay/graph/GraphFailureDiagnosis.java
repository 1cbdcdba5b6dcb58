package io.defenderrelay.graph;

import io.defenderrelay.auth.TokenRoles;
import io.defenderrelay.support.Json;
import io.defenderrelay.support.Trouble;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a failed Graph call means: whether to retry it, and what to tell the operator. */
public final class GraphFailureDiagnosis {
    static final Trouble NOT_PROVISIONED = new Trouble("Graph 404 \"Resource not found for the segment 'alerts_v2'\"",
            "tenant {tenant} is not provisioned for Defender XDR unified alerts, or the cloud/API version is wrong",
            "open the Defender portal → Incidents & alerts → Alerts once and allow up to an hour; check"
                    + " relay.tenants[i].cloud and that relay.graph-host serves /v1.0");
    static final Trouble REDIRECTED = new Trouble("Graph 3xx \"redirecting to ...\" in a WARN",
            "the relay does not follow redirects from Graph, so the bearer token stays with the configured host",
            "check that relay.graph-host (or the tenant's cloud) names Graph itself and that no proxy rewrites its"
                    + " answers");
    static final Trouble TOKEN_REJECTED = new Trouble("Graph 401 in a WARN",
            "Graph rejected the token for tenant {tenant} even after a fresh one was fetched",
            "check that relay.graph-host matches the cloud the token was issued for");
    static final Trouble THROTTLED = new Trouble("Graph 429 in a WARN, `relay_retry_after_seconds_total` growing",
            "tenant {tenant} is still throttled after the configured retries; the next poll continues",
            "nothing to do if it passes; if it persists, poll less often (relay.poll.interval) or spread the tenants"
                    + " over more apps");
    static final Trouble QUERY_REJECTED = new Trouble("Graph 400 in a WARN",
            "Graph rejected the relay's query; this is a relay bug", "please report it with this line");
    static final Trouble FAILING = new Trouble("Graph 5xx in a WARN; `tenant:<name>` DOWN after"
            + " `relay.health.failed-polls`", "Graph is failing for tenant {tenant}",
            "nothing to do: the next poll retries the same window");
    /** The catalogue's Graph entries, in the README's order. */
    public static final List<Trouble> TROUBLES = List.of(TokenRoles.NO_ALERT_PERMISSION, NOT_PROVISIONED, TOKEN_REJECTED,
            THROTTLED, FAILING, REDIRECTED, QUERY_REJECTED);

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
        Map<String, String> values = Map.of("tenant", tenant, "client-id", clientId);
        if (message.contains("Resource not found for the segment 'alerts_v2'")) {
            return seen + ": " + NOT_PROVISIONED.said(values);
        }
        if (status >= 300 && status < 400) {
            return seen + " redirecting to " + origin(redirectLocation) + ": " + REDIRECTED.said(values);
        }
        Trouble trouble = switch (status) {
            case 401 -> TOKEN_REJECTED;
            case 403 -> TokenRoles.NO_ALERT_PERMISSION;
            case 429 -> THROTTLED;
            case 400 -> QUERY_REJECTED;
            default -> status >= 500 ? FAILING : null;
        };
        return trouble == null ? seen : seen + ": " + trouble.said(values);
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
