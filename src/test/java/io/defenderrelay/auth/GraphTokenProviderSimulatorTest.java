package io.defenderrelay.auth;

import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.SettableClock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.defenderrelay.auth.GraphTokenProviderTest.PERMANENT;
import static io.defenderrelay.auth.GraphTokenProviderTest.assertTokenFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real MSAL4J token calls against the built-in simulator, which verifies secrets and signed client assertions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphTokenProviderSimulatorTest {
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CLIENT_ID = "relay-app";
    private static final String SECRET = "sim-secret~Value.1";
    /** Between polls of a condition, so waiting does not flood the simulator. */
    private static final Duration POLL_PAUSE = Duration.ofMillis(50);

    private final GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withTokenLifetime(TOKEN_LIFETIME));
    private final HttpClient graph = HttpClient.newBuilder().sslContext(sim.clientSslContext())
            .connectTimeout(TIMEOUT).build();
    private final TestPki pki = new TestPki(4242L);

    @TempDir
    Path dir;

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void clientSecretGetsTokenThatGraphAccepts() {
        SimTenant tenant = secretTenant("secret-ok");

        String token = secretProvider("secret-ok").accessToken();

        assertEquals(1, tenant.requests().tokenRequests());
        assertEquals(200, alertsStatus(token));
    }

    @Test
    void certificateFromPemFilesGetsTokenThatGraphAccepts() {
        SimTenant tenant = sim.tenant("cert-ok");
        PemCredentials credentials = pemCredentials("relay-cert");
        tenant.registerCertificateApp(CLIENT_ID, credentials.certificate());

        String token = provider("cert-ok", GraphTokenProvider.certificate(credentials)).accessToken();

        assertEquals(1, tenant.requests().tokenRequests());
        assertEquals(200, alertsStatus(token));
    }

    @Test
    void wrongSecretIsDiagnosedWithFix() {
        sim.tenant("secret-wrong").registerSecretApp(CLIENT_ID, SECRET);

        TokenException e = assertTokenFailure(provider("secret-wrong", GraphTokenProvider.secret("not-the-secret")),
                PERMANENT, "AADSTS7000215: the client secret is wrong for app relay-app in tenant secret-wrong",
                "create a new secret in Entra → App registrations", "relay.tenants[…].client-secret");

        assertEquals(Optional.of("7000215"), e.aadstsCode());
    }

    @Test
    void unknownTenantIsDiagnosed() {
        assertTokenFailure(secretProvider("no-such-tenant"), PERMANENT,
                "AADSTS90002: tenant no-such-tenant (no-such-tenant) was not found",
                "check relay.tenants[…].tenant-id and cloud");
    }

    @Test
    void unknownAppIsDiagnosed() {
        sim.tenant("app-missing").registerSecretApp("some-other-app", SECRET);

        assertTokenFailure(secretProvider("app-missing"), PERMANENT,
                "AADSTS700016: app relay-app was not found in tenant app-missing",
                "check relay.tenants[…].client-id and tenant-id");
    }

    @Test
    void aTokenForAnotherGraphHostIsRefusedAsAnInvalidScope() {
        secretTenant("other-graph");
        URI authority = URI.create(sim.baseUrl());
        GraphTokenProvider provider = new GraphTokenProvider("other-graph", "other-graph", CLIENT_ID,
                GraphTokenProvider.secret(SECRET), authority, URI.create("https://graph.microsoft.com"),
                sim.clientSslContext(), TIMEOUT);

        assertTokenFailure(provider, PERMANENT, "AADSTS1002012",
                "scope https://graph.microsoft.com/.default is invalid", "check relay.graph-host");
    }

    @Test
    void unregisteredCertificateIsDiagnosedWithItsThumbprint() {
        sim.tenant("cert-unknown").registerCertificateApp(CLIENT_ID, pemCredentials("registered").certificate());
        PemCredentials other = pemCredentials("not-registered");

        assertTokenFailure(provider("cert-unknown", GraphTokenProvider.certificate(other)), PERMANENT, "AADSTS700027",
                "CN=not-registered (thumbprint " + other.sha1Thumbprint(), "upload this certificate in Entra");
    }

    @Test
    void oneTokenServesEveryCallUntilItIsDueThoughTheAuthorityHasAPort() {
        SimTenant tenant = secretTenant("reuse");
        SettableClock clock = new SettableClock(Instant.now());
        GraphTokenProvider provider = provider("reuse", GraphTokenProvider.secret(SECRET), clock);
        String first = provider.accessToken();
        for (int i = 0; i < 25; i++) {
            assertEquals(first, provider.accessToken());
        }
        assertEquals(1, tenant.requests().tokenRequests(), "MSAL alone would have asked 26 times");

        clock.set(Instant.now().plus(TOKEN_LIFETIME)); // expired by now, and due well before

        assertFreshTokenAccepted(tenant, 1, first, provider.accessToken());
    }

    @Test
    void expiredTokenIsReplacedByNewOne() {
        SimTenant tenant = secretTenant("expiry");
        GraphTokenProvider provider = secretProvider("expiry");
        String first = provider.accessToken();
        int requestsBefore = tenant.requests().tokenRequests();

        awaitTrue(() -> alertsStatus(first) == 401, TOKEN_LIFETIME.multipliedBy(4));

        assertFreshTokenAccepted(tenant, requestsBefore, first, provider.accessToken());
    }

    @Test
    void invalidatedTokenIsReplacedAfterGraphSaid401() {
        SimTenant tenant = secretTenant("revoked");
        GraphTokenProvider provider = secretProvider("revoked");
        String first = provider.accessToken();
        tenant.revokeTokens();
        assertEquals(401, alertsStatus(first));
        int requestsBefore = tenant.requests().tokenRequests();

        provider.invalidate();

        assertFreshTokenAccepted(tenant, requestsBefore, first, provider.accessToken());
    }

    /** A simulated tenant where the relay's app is registered with {@link #SECRET}. */
    private SimTenant secretTenant(String tenantId) {
        SimTenant tenant = sim.tenant(tenantId);
        tenant.registerSecretApp(CLIENT_ID, SECRET);
        return tenant;
    }

    private GraphTokenProvider secretProvider(String tenantId) {
        return provider(tenantId, GraphTokenProvider.secret(SECRET));
    }

    private GraphTokenProvider provider(String tenantId, ClientCredential credential) {
        return provider(tenantId, credential, Clock.systemUTC());
    }

    private GraphTokenProvider provider(String tenantId, ClientCredential credential, Clock clock) {
        URI base = URI.create(sim.baseUrl());
        return new GraphTokenProvider(tenantId, tenantId, CLIENT_ID, credential, base, base, sim.clientSslContext(),
                TIMEOUT, builder -> { }, clock);
    }

    /** Writes a fresh key and certificate as PEM and loads them the way the relay does. */
    private PemCredentials pemCredentials(String commonName) {
        KeyPair keys = pki.rsa(2048);
        Instant now = Instant.now();
        Path cert = TestPki.writePem(dir.resolve(commonName + "-cert.pem"),
                pki.selfSigned(keys, commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90))));
        Path key = TestPki.writePkcs8(dir.resolve(commonName + "-key.pem"), keys.getPrivate());
        return PemCredentials.load(cert, key, Clock.systemUTC());
    }

    /** {@code fresh} came from exactly one more token request, and Graph accepts it. */
    private void assertFreshTokenAccepted(SimTenant tenant, int requestsBefore, String old, String fresh) {
        assertEquals(requestsBefore + 1, tenant.requests().tokenRequests());
        assertNotEquals(old, fresh);
        assertEquals(200, alertsStatus(fresh));
    }

    private int alertsStatus(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1.0/security/alerts_v2?$top=1"))
                .header("Authorization", "Bearer " + token)
                .timeout(TIMEOUT)
                .build();
        try {
            return graph.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("simulator did not answer alerts_v2", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "condition not met within " + timeout);
            LockSupport.parkNanos(POLL_PAUSE.toNanos());
        }
    }
}
