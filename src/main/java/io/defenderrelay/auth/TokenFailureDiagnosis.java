package io.defenderrelay.auth;

import com.microsoft.aad.msal4j.MsalServiceException;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns MSAL failures into {@link TokenException}s whose message tells the operator what to fix. */
final class TokenFailureDiagnosis {
    private static final Pattern AADSTS_CODE = Pattern.compile("AADSTS(\\d+)");
    private static final int MAX_DETAIL_CHARS = 300;
    /** MSAL's error code for an answer it could not parse as JSON. */
    private static final String NOT_JSON = "invalid_json";

    private final String app;
    private final String clientId;
    private final String tenantName;
    private final String tenantId;
    private final ClientCredential credential;
    private final URI authorityHost;
    private final String scope;

    TokenFailureDiagnosis(String tenantName, String tenantId, String clientId, ClientCredential credential,
                          URI authorityHost, String scope) {
        this.app = "app " + clientId;
        this.clientId = clientId;
        this.tenantName = tenantName;
        this.tenantId = tenantId;
        this.credential = credential;
        this.authorityHost = authorityHost;
        this.scope = scope;
    }

    TokenException diagnose(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof MsalServiceException sts ? fromTokenEndpoint(sts) : unreachable(cause);
    }

    TokenException interrupted(InterruptedException e) {
        return new TokenException("token request for " + app + " in " + tenant() + " was interrupted (the relay is"
                + " stopping)", null, false, e);
    }

    private TokenException fromTokenEndpoint(MsalServiceException sts) {
        String description = firstLine(sts.getMessage());
        Matcher matcher = AADSTS_CODE.matcher(description);
        String code = matcher.find() ? matcher.group(1) : null;
        Optional<EntraRefusal> refusal = code == null ? Optional.empty() : EntraRefusal.of(code);
        if (refusal.isPresent()) {
            return new TokenException(refusal.get().message(Map.of("client-id", clientId, "tenant", tenantName + " ("
                    + tenantId + ")", "authority-host", authorityHost.toString(), "credential", credential.toString(),
                    "scope", scope)), code, true, sts);
        }
        if (NOT_JSON.equals(sts.errorCode())) {
            // MSAL loses the status of an answer it cannot parse: an outage page (503) looks like any other
            return new TokenException("token endpoint " + authorityHost + " answered " + app + " in " + tenant()
                    + " with a body that is not JSON (" + description + "): an error page of Entra, a load balancer or"
                    + " a proxy, as during an outage; the next poll will try again", null, false, sts);
        }
        Integer status = sts.statusCode();
        String answer = "token endpoint " + authorityHost + " answered" + (status == null ? "" : " HTTP " + status)
                + " (" + sts.errorCode() + ") to " + app + " in " + tenant() + ": " + description;
        boolean transientFailure = status == null || status >= 500 || status == 429;
        return transientFailure
                ? new TokenException(answer + "; the next poll will try again", code, false, sts)
                : new TokenException(answer + "; fix the app registration or the relay.tenants[…] settings it names",
                        code, true, sts);
    }

    private TokenException unreachable(Throwable cause) {
        Throwable root = cause;
        boolean tls = false;
        for (Throwable link = cause; link != null; link = link.getCause()) {
            tls |= link instanceof SSLException;
            root = link;
        }
        return new TokenException("cannot reach " + authorityHost + " for a token of " + app + " in " + tenant()
                + ": " + root.getClass().getSimpleName() + ": " + firstLine(String.valueOf(root.getMessage()))
                + ": check DNS, proxy and firewall access to that host"
                + (tls ? "; if a proxy intercepts TLS, add its CA to relay.trust-store" : ""),
                null, false, cause);
    }

    private String tenant() {
        return "tenant " + tenantName + " (" + tenantId + ")";
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().split("\\R", 2)[0].replaceFirst("\\.$", "");
        return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
