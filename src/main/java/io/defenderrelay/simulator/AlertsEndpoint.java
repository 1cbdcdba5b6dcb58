package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Graph's {@code GET /v1.0/security/alerts_v2}: token check, planned faults, query limits, paging and rendering. */
final class AlertsEndpoint {
    static final String PATH = "/v1.0/security/alerts_v2";
    static final String CONTENT_TYPE =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    private static final String INCLUDE_UNKNOWN = "include-unknown-enum-members";
    private static final String WWW_AUTHENTICATE = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline"
            + ".com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

    private final IssuedTokens tokens;
    private final String baseUrl;
    private final int maxPageSize;
    private final long visibilityDelayTicks;

    AlertsEndpoint(IssuedTokens tokens, String baseUrl, int maxPageSize, Duration visibilityDelay) {
        this.tokens = tokens;
        this.baseUrl = baseUrl;
        this.maxPageSize = maxPageSize;
        this.visibilityDelayTicks = GraphTime.ticks(visibilityDelay);
    }

    Handled handle(SimRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return unauthorized(request, null, null, "Access token is empty.");
        }
        Optional<IssuedTokens.Token> found = tokens.find(authorization.substring(7).trim());
        if (found.isEmpty()) {
            return unauthorized(request, null, null, "CompactToken parsing failed with error code: 80049217");
        }
        IssuedTokens.Token token = found.get();
        SimTenant tenant = token.tenant();
        if (!request.receivedAt().isBefore(token.expiresAt())) {
            return unauthorized(request, tenant, token.clientId(), "Lifetime validation failed, the token is expired.");
        }
        if (token.generation() != tenant.tokenGeneration()) {
            return unauthorized(request, tenant, token.clientId(), "Continuous access evaluation resulted in challenge: "
                    + "the token was issued before the revocation timestamp (TokenIssuedBeforeRevocationTimestamp). "
                    + "Acquire a new token.");
        }
        boolean permitted = token.roles().contains(RegisteredApp.READ_ALERTS)
                || token.roles().contains("SecurityAlert.ReadWrite.All");
        Reply reply = permitted ? serve(request, tenant) : forbidden(request);
        return new Handled(reply, RecordedRequest.Kind.ALERTS, tenant, token.clientId());
    }

    private Reply serve(SimRequest request, SimTenant tenant) {
        Fault fault = tenant.faults().next().orElse(null);
        if (fault != null) {
            Optional<Reply> failure = failure(fault, request);
            if (failure.isPresent()) {
                return failure.get();
            }
        }
        AlertQuery query;
        try {
            query = AlertQuery.parse(request.rawQuery(), maxPageSize);
        } catch (InvalidQuery e) {
            return GraphErrorReply.reply(400, "BadRequest", e.getMessage(), request);
        }
        Set<String> failing = new TreeSet<>(tenant.faults().failingProviders());
        if (fault != null && fault.kind() == Fault.Kind.PARTIAL) {
            failing.add(fault.argument());
        }
        long visibleUpTo = GraphTime.ticks(request.receivedAt()) - visibilityDelayTicks;
        AlertPage page = tenant.alerts().query(query.filter(), query.skip(), query.top(), query.count(), failing,
                visibleUpTo);
        boolean includeUnknown = prefers(request, INCLUDE_UNKNOWN);
        FaultPlan faults = tenant.faults();
        String nextLink = fault != null && fault.kind() == Fault.Kind.FOREIGN_NEXT_LINK ? fault.argument()
                : faults.has(FaultPlan.Quirk.LOOPING_NEXT_LINK) ? baseUrl + PATH + "?" + request.rawQuery()
                : page.more() ? nextLink(query) : null;
        ObjectNode body = body(page, query.count(), nextLink, includeUnknown, tenant.alerts().generator());
        applyQuirks(faults, body);
        Reply reply = Reply.json(failing.isEmpty() ? 200 : 206, CONTENT_TYPE, body);
        if (!failing.isEmpty()) {
            reply = reply.withHeader("Warning", String.join(", ", failing.stream().map(AlertsEndpoint::warning).toList()));
        }
        if (includeUnknown) {
            reply = reply.withHeader("Preference-Applied", INCLUDE_UNKNOWN);
        }
        reply = mangle(reply, fault);
        reply = reply.withBody(reply.status(), faults.rewrite(request.rawQuery(), reply.body()));
        tenant.faults().pageServed(query.skip() / query.top());
        return reply;
    }

    private ObjectNode body(AlertPage page, boolean withCount, String nextLink, boolean includeUnknown,
                            AlertGenerator generator) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("@odata.context", baseUrl + "/v1.0/$metadata#security/alerts_v2");
        if (withCount) {
            body.put("@odata.count", page.total());
        }
        if (nextLink != null) {
            body.put("@odata.nextLink", nextLink);
        }
        ArrayNode value = body.putArray("value");
        for (StoredAlert stored : page.alerts()) {
            ObjectNode alert = stored.render(generator);
            if (!includeUnknown) {
                GraphEnums.hideEvolvableMembers(alert);
            }
            value.add(alert);
        }
        return body;
    }

    private static void applyQuirks(FaultPlan faults, ObjectNode body) {
        ArrayNode value = (ArrayNode) body.get("value");
        int extra = 0;
        if (faults.has(FaultPlan.Quirk.DUPLICATE_ROW) && !value.isEmpty()) {
            value.add(value.get(0).deepCopy());
            extra++;
        }
        if (faults.has(FaultPlan.Quirk.GHOST_COUNT)) {
            extra++;
        }
        if (body.has("@odata.count")) {
            body.put("@odata.count", body.get("@odata.count").asLong() + extra);
        }
    }

    private static Optional<Reply> failure(Fault fault, SimRequest request) {
        return switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> Optional.of(GraphErrorReply.reply(429, "TooManyRequests", "Too many requests. Retry "
                    + "after the delay in the Retry-After header.", request).withHeader("Retry-After", fault.argument()));
            case SERVICE_UNAVAILABLE -> {
                Reply reply = GraphErrorReply.reply(503, "ServiceUnavailable", "The service is temporarily unavailable. "
                        + "Retry the request later.", request);
                yield Optional.of(fault.argument() == null ? reply : reply.withHeader("Retry-After", fault.argument()));
            }
            case FORBIDDEN -> Optional.of(forbidden(request));
            case TOKEN_REJECTED -> Optional.of(unauthorizedReply(request, "Continuous access evaluation resulted in "
                    + "challenge: the token was revoked. Acquire a new token."));
            case FOUND, TEMPORARY_REDIRECT -> Optional.of(Reply.text(fault.kind() == Fault.Kind.FOUND ? 302 : 307,
                    "text/plain", "Moved to " + fault.argument()).withHeader("Location", fault.argument()));
            case SEGMENT_NOT_FOUND -> Optional.of(GraphErrorReply.reply(404, "BadRequest",
                    "Resource not found for the segment 'alerts_v2'.", request));
            case SLOW -> {
                try {
                    Thread.sleep(fault.delay().toMillis());
                    yield Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    yield Optional.of(GraphErrorReply.reply(503, "ServiceUnavailable", "The simulator is shutting down.",
                            request));
                }
            }
            default -> Optional.empty();
        };
    }

    private static Reply mangle(Reply reply, Fault fault) {
        if (fault == null) {
            return reply;
        }
        byte[] body = reply.body();
        return switch (fault.kind()) {
            case TRUNCATED_JSON -> reply.withBody(reply.status(), Arrays.copyOf(body, body.length / 2));
            case CUT_MID_BODY -> reply.cutAfter(body.length / 2);
            case MALFORMED_JSON -> reply.withBody(reply.status(), new String(body, StandardCharsets.UTF_8)
                    .replaceFirst("\"value\":\\[", "\"value\":[,}").getBytes(StandardCharsets.UTF_8));
            default -> reply;
        };
    }

    private String nextLink(AlertQuery query) {
        StringBuilder link = new StringBuilder(baseUrl).append(PATH).append('?');
        if (query.filterText() != null) {
            link.append("$filter=").append(URLEncoder.encode(query.filterText(), StandardCharsets.UTF_8)).append('&');
        }
        if (query.requestedTop() != null) {
            link.append("$top=").append(query.top()).append('&');
        }
        if (query.count()) {
            link.append("$count=true&");
        }
        return link.append("$skip=").append(query.skip() + query.top()).toString();
    }

    private static Handled unauthorized(SimRequest request, SimTenant tenant, String clientId, String message) {
        return new Handled(unauthorizedReply(request, message), RecordedRequest.Kind.ALERTS, tenant, clientId);
    }

    private static Reply unauthorizedReply(SimRequest request, String message) {
        return GraphErrorReply.reply(401, "InvalidAuthenticationToken", message, request)
                .withHeader("WWW-Authenticate", WWW_AUTHENTICATE);
    }

    private static Reply forbidden(SimRequest request) {
        return GraphErrorReply.reply(403, "Authorization_RequestDenied", "Insufficient privileges to complete the "
                + "operation. Missing application role SecurityAlert.Read.All: add it under API permissions and grant "
                + "admin consent.", request);
    }

    /** Graph's {@code {Vendor}/{Provider}/{StatusCode}/{LatencyInMs}} for a provider that timed out (its 10 s limit). */
    private static String warning(String provider) {
        return "199 - \"Microsoft/" + provider + "/504/10000\"";
    }

    private static boolean prefers(SimRequest request, String preference) {
        List<String> values = request.headers().getOrDefault("prefer", List.of());
        Set<String> preferences = new HashSet<>();
        for (String value : values) {
            for (String one : value.split(",")) {
                preferences.add(one.trim().toLowerCase(Locale.ROOT));
            }
        }
        return preferences.contains(preference);
    }
}
