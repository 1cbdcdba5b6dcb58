package io.defenderrelay.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * App-only Graph access tokens for one tenant: one token is used until shortly before it expires, then MSAL is
 * asked for a new one. The relay keeps the token itself because MSAL's cache misses whenever the authority has an
 * explicit port (a proxy, a private authority, the simulator): it would ask Entra for a token per Graph request.
 */
public final class GraphTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GraphTokenProvider.class);

    private final String tenantName;
    private final URI authorityHost;
    private final URI graphHost;
    private final Set<String> scopes;
    private final ConfidentialClientApplication app;
    private final TokenFailureDiagnosis diagnosis;
    private final HeldToken held;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param sslContextOrNull trust for the token endpoint's TLS certificate (the simulator, a TLS-intercepting
     *                         proxy); null for the JVM's default trust store
     * @param timeout          connect and read timeout of each token request
     */
    public GraphTokenProvider(String tenantName, String tenantId, String clientId, ClientCredential credential,
                              URI authorityHost, URI graphHost, SSLContext sslContextOrNull, Duration timeout) {
        this(tenantName, tenantId, clientId, credential, authorityHost, graphHost, sslContextOrNull, timeout,
                builder -> { }, Clock.systemUTC());
    }

    /** @param connection how token requests reach Entra: the relay.proxy route */
    public GraphTokenProvider(String tenantName, String tenantId, String clientId, ClientCredential credential,
                              URI authorityHost, URI graphHost, SSLContext sslContextOrNull, Duration timeout,
                              HttpClientConfigurer connection) {
        this(tenantName, tenantId, clientId, credential, authorityHost, graphHost, sslContextOrNull, timeout,
                connection, Clock.systemUTC());
    }

    /** @param clock decides when the token in hand is due for renewal */
    GraphTokenProvider(String tenantName, String tenantId, String clientId, ClientCredential credential,
                       URI authorityHost, URI graphHost, SSLContext sslContextOrNull, Duration timeout,
                       HttpClientConfigurer connection, Clock clock) {
        this(tenantName, tenantId, clientId, credential, authorityHost, graphHost,
                new MsalHttpClient(sslContextOrNull, timeout, connection), clock);
    }

    /** @param http how token requests reach Entra; one for every tenant of the relay (one connection pool) */
    public GraphTokenProvider(String tenantName, String tenantId, String clientId, ClientCredential credential,
                              URI authorityHost, URI graphHost, MsalHttpClient http) {
        this(tenantName, tenantId, clientId, credential, authorityHost, graphHost, http, Clock.systemUTC());
    }

    private GraphTokenProvider(String tenantName, String tenantId, String clientId, ClientCredential credential,
                               URI authorityHost, URI graphHost, MsalHttpClient http, Clock clock) {
        this.tenantName = requireText(tenantName, "name");
        String tenant = requireText(tenantId, "tenant-id");
        String client = requireText(clientId, "client-id");
        Objects.requireNonNull(credential, "credential");
        this.graphHost = withoutTrailingSlash(graphHost);
        String scope = this.graphHost + "/.default";
        this.scopes = Set.of(scope);
        URI authorityRoot = withoutTrailingSlash(authorityHost);
        this.authorityHost = authorityRoot;
        this.app = build(client, credential, authorityRoot + "/" + tenant + "/", http);
        this.diagnosis = new TokenFailureDiagnosis(this.tenantName, tenant, client, credential, authorityRoot, scope);
        this.held = new HeldToken(clock);
    }

    /** A credential from an app registration's client secret. */
    public static ClientCredential secret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidCredentialsException("the client secret is empty: set relay.tenants[…].client-secret"
                    + " (or certificate and private-key instead)");
        }
        return new ClientCredential(ClientCredentialFactory.createFromSecret(secret), null);
    }

    /** A credential from a certificate registered on the app and its private key. */
    public static ClientCredential certificate(PemCredentials credentials) {
        return new ClientCredential(ClientCredentialFactory.createFromCertificate(credentials.privateKey(),
                credentials.certificate()), credentials);
    }

    /** A Graph access token: the one in hand until shortly before it expires, then a new one from Entra. */
    public synchronized String accessToken() {
        return held.current().orElseGet(this::requestToken);
    }

    /** Drops the token in hand (Graph answered 401 to it): the next {@link #accessToken} requests a new one. */
    public synchronized void invalidate() {
        held.forget();
    }

    /** Tokens requested from Entra so far, granted or not (the ones reused are not requests). */
    public long requests() {
        return requests.get();
    }

    /** The Entra login host tokens are requested from, without a trailing slash. */
    public URI authorityHost() {
        return authorityHost;
    }

    /** The Graph host the tokens are for (their audience), without a trailing slash. */
    public URI graphHost() {
        return graphHost;
    }

    private String requestToken() {
        // past MSAL's cache: this class decides when to renew, and MSAL could hand back the token just found due
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(scopes).skipCache(true).build();
        requests.incrementAndGet();
        try {
            IAuthenticationResult result = app.acquireToken(parameters).get();
            held.keep(result.accessToken(), result.expiresOnDate().toInstant());
            LOG.debug("tenant {}: new Graph token, expires {}, used until {}", tenantName,
                    result.expiresOnDate().toInstant(), held.renewAt());
            return result.accessToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw diagnosis.interrupted(e);
        } catch (ExecutionException | MsalException e) {
            throw diagnosis.diagnose(e);
        }
    }

    private static ConfidentialClientApplication build(String clientId, ClientCredential credential, String authority,
                                                       MsalHttpClient http) {
        try {
            return ConfidentialClientApplication.builder(clientId, credential.msal())
                    .authority(authority)
                    // instance discovery would ask login.microsoftonline.com about every authority, even a local one
                    .instanceDiscovery(false)
                    .httpClient(http)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("authority " + authority + " is not usable (" + e.getMessage()
                    + "): relay.authority-host must be an https URL such as https://login.microsoftonline.com,"
                    + " and relay.tenants[…].tenant-id a GUID or domain", e);
        }
    }

    private static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("relay.tenants[…]." + key + " is empty: set it for every tenant");
        }
        return value.trim();
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
