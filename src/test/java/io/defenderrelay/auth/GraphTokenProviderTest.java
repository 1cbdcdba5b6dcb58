package io.defenderrelay.auth;

import io.defenderrelay.auth.StubTokenEndpoint.Reply;
import io.defenderrelay.auth.StubTokenEndpoint.Request;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.SettableClock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

import static io.defenderrelay.auth.PemCredentialsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GraphTokenProvider with real MSAL calls against a scripted token endpoint: request shape and failure diagnoses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphTokenProviderTest {
    private static final String SECRET = "s3cr3t-Value~with.special_chars";
    private static final URI GRAPH = URI.create("https://graph.example.test");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final boolean PERMANENT = true;
    static final boolean TRANSIENT = false;

    private final TestPki pki = new TestPki(99L);
    private final StubTokenEndpoint sts;

    GraphTokenProviderTest() throws IOException, GeneralSecurityException {
        sts = new StubTokenEndpoint(pki);
    }

    @BeforeEach
    void answerWithTokens() {
        sts.replyWith(Reply::token);
    }

    @AfterAll
    void stop() {
        sts.close();
    }

    @Test
    void requestsClientCredentialsTokenForGraphDefaultScope() {
        int before = sts.requests().size();

        String token = secretProvider().accessToken();

        assertTrue(token.startsWith("token-"));
        Request request = sts.requests().get(before);
        assertAll(() -> assertEquals("/contoso-id/oauth2/v2.0/token", request.path()),
                () -> assertEquals("client_credentials", request.form().get("grant_type")),
                () -> assertEquals("app-id", request.form().get("client_id")),
                () -> assertEquals(SECRET, request.form().get("client_secret")),
                () -> assertTrue(List.of(request.form().get("scope").split(" ")).contains(GRAPH + "/.default"),
                        request.form().get("scope")));
    }

    @Test
    void usesOneTokenUntilFiveMinutesBeforeItExpires() {
        SettableClock clock = new SettableClock(Instant.now());
        GraphTokenProvider provider = provider(GraphTokenProvider.secret(SECRET), clock);
        int before = sts.requests().size();

        String first = provider.accessToken();
        for (int i = 0; i < 20; i++) {
            assertEquals(first, provider.accessToken());
        }
        clock.advance(Duration.ofSeconds(3599).minus(Duration.ofMinutes(6))); // the stub's tokens live 3599 s
        assertEquals(first, provider.accessToken());
        assertEquals(before + 1, sts.requests().size(), "one token request for 22 tokens");

        clock.advance(Duration.ofMinutes(2));
        String renewed = provider.accessToken();

        assertNotEquals(first, renewed);
        assertEquals(before + 2, sts.requests().size());
    }

    @Test
    void invalidateMakesTheNextCallRequestANewToken() {
        GraphTokenProvider provider = secretProvider();
        String first = provider.accessToken();
        int before = sts.requests().size();

        provider.invalidate();
        String renewed = provider.accessToken();

        assertEquals(before + 1, sts.requests().size());
        assertNotEquals(first, renewed);
        assertEquals(renewed, provider.accessToken());
        assertEquals(before + 1, sts.requests().size());
    }

    @Test
    void certificateCredentialSendsSignedAssertionInsteadOfSecret() {
        PemCredentials credentials = validCertificate();
        int before = sts.requests().size();

        provider(GraphTokenProvider.certificate(credentials)).accessToken();

        Request request = sts.requests().get(before);
        assertAll(() -> assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        request.form().get("client_assertion_type")),
                () -> assertEquals(3, request.form().get("client_assertion").split("\\.").length),
                () -> assertFalse(request.form().containsKey("client_secret")));
    }

    @Test
    void graphHostLosesTrailingSlash() {
        GraphTokenProvider provider = new GraphTokenProvider("contoso", "contoso-id", "app-id",
                GraphTokenProvider.secret(SECRET), sts.baseUrl(), URI.create(GRAPH + "/"), sts.clientSslContext(), TIMEOUT);

        assertEquals(GRAPH, provider.graphHost());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "7000215 | invalid_client      | the client secret is wrong for app app-id in tenant contoso (contoso-id): create a new secret in Entra → App registrations",
            "7000222 | invalid_client      | the client secret of app app-id in tenant contoso (contoso-id) has expired",
            "700016  | unauthorized_client | app app-id was not found in tenant contoso (contoso-id): check relay.tenants[…].client-id and tenant-id",
            "90002   | invalid_request     | tenant contoso (contoso-id) was not found by https://127.0.0.1",
            "700024  | invalid_client      | this host's clock is wrong",
            "1002012 | invalid_scope       | scope https://graph.example.test/.default is invalid"})
    void diagnosesKnownAadstsCodesAsPermanent(String code, String error, String diagnosis) {
        sts.replyAlways(Reply.error(400, error, "AADSTS" + code + ": Entra says no."));

        TokenException e = assertTokenFailure(secretProvider(), PERMANENT, "AADSTS" + code + ": ", diagnosis);

        assertEquals(Optional.of(code), e.aadstsCode());
    }

    @Test
    void namesTheCertificateWhenItIsNotRegisteredOnTheApp() {
        PemCredentials credentials = validCertificate();
        sts.replyAlways(Reply.error(401, "invalid_client", "AADSTS700027: Client assertion failed signature validation."));

        assertTokenFailure(provider(GraphTokenProvider.certificate(credentials)), PERMANENT, "AADSTS700027",
                credentials.sha1Thumbprint(), "upload this certificate in Entra");
    }

    @Test
    void reportsUnknownClientErrorAsPermanentWithEntrasFirstLine() {
        sts.replyAlways(Reply.error(400, "invalid_request", "AADSTS50000: Something new went wrong."));

        TokenException e = assertTokenFailure(secretProvider(), PERMANENT, "answered HTTP 400 (invalid_request) to app "
                + "app-id in tenant contoso (contoso-id): AADSTS50000: Something new went wrong;");

        assertFalse(e.getMessage().contains("Trace ID"));
        assertEquals(Optional.of("50000"), e.aadstsCode());
    }

    @ParameterizedTest
    @CsvSource({"429, AADSTS50196: Too many requests.", "503, AADSTS90033: A transient error has occurred."})
    void reportsThrottlingAndServerErrorsAsTransient(int status, String description) {
        sts.replyAlways(Reply.error(status, "temporarily_unavailable", description));

        assertTokenFailure(secretProvider(), TRANSIENT, "answered HTTP " + status, "the next poll will try again");
    }

    @Test
    void reportsAnOutagePageAsTransientNotAsAParserError() {
        sts.replyAlways(new Reply(503, "<h2>Service Unavailable</h2>"));

        assertTokenFailure(secretProvider(), TRANSIENT, "answered app app-id in tenant contoso (contoso-id) with a body "
                + "that is not JSON", "as during an outage; the next poll will try again");
    }

    @Test
    void reportsUnreachableAuthorityAsTransient() {
        URI closed = URI.create("https://127.0.0.1:" + FreePort.pick());

        TokenException e = assertTokenFailure(secretProvider(closed, null), TRANSIENT,
                "cannot reach " + closed + " for a token of app app-id", "ConnectException");

        assertEquals(Optional.empty(), e.aadstsCode());
    }

    @Test
    void suggestsTrustStoreWhenTlsCertificateIsNotTrusted() throws GeneralSecurityException {
        assertTokenFailure(secretProvider(sts.baseUrl(), SSLContext.getDefault()), TRANSIENT,
                "cannot reach " + sts.baseUrl(), "add its CA to relay.trust-store");
    }

    @Test
    void givesUpOnSlowTokenEndpointAfterTimeout() throws IOException, GeneralSecurityException {
        try (StubTokenEndpoint slow = new StubTokenEndpoint(pki)) {
            slow.stall();
            GraphTokenProvider provider = new GraphTokenProvider("contoso", "contoso-id", "app-id",
                    GraphTokenProvider.secret(SECRET), slow.baseUrl(), GRAPH, slow.clientSslContext(), Duration.ofMillis(300));

            assertTokenFailure(provider, TRANSIENT, "SocketTimeoutException");
        }
    }

    @Test
    void neverRevealsSecretOrTokenInMessagesOrLogs() {
        sts.replyWith(n -> n % 2 == 0 ? Reply.token(n)
                : Reply.error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided."));
        List<String> lines;
        Throwable failure;
        String token;
        try (CapturedLog log = new CapturedLog("io.defenderrelay"); CapturedLog msal = new CapturedLog("com.microsoft.aad")) {
            GraphTokenProvider provider = secretProvider();
            failure = assertThrows(TokenException.class, provider::accessToken);
            token = provider.accessToken();
            lines = new ArrayList<>(log.lines());
            lines.addAll(msal.lines());
        }

        assertTrue(token.startsWith("token-"));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(t.toString().contains(SECRET), t.toString());
        }
        assertFalse(GraphTokenProvider.secret(SECRET).toString().contains(SECRET));
        assertTrue(lines.stream().noneMatch(line -> line.contains(SECRET) || line.contains(token)), lines::toString);
    }

    @Test
    void refusesEmptySecret() {
        InvalidCredentialsException e = assertThrows(InvalidCredentialsException.class, () -> GraphTokenProvider.secret(" "));

        assertContains(e.getMessage(), "relay.tenants[…].client-secret");
    }

    @Test
    void refusesPlainHttpAuthority() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> secretProvider(URI.create("http://login.example.test"), null));

        assertContains(e.getMessage(), "relay.authority-host must be an https URL");
    }

    @Test
    void refusesMissingTenantId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphTokenProvider("contoso",
                "", "app-id", GraphTokenProvider.secret(SECRET), sts.baseUrl(), GRAPH, null, TIMEOUT));

        assertContains(e.getMessage(), "relay.tenants[…].tenant-id is empty");
    }

    private GraphTokenProvider secretProvider() {
        return provider(GraphTokenProvider.secret(SECRET));
    }

    private GraphTokenProvider secretProvider(URI authority, SSLContext trust) {
        return new GraphTokenProvider("contoso", "contoso-id", "app-id", GraphTokenProvider.secret(SECRET), authority,
                GRAPH, trust, TIMEOUT);
    }

    private GraphTokenProvider provider(ClientCredential credential) {
        return new GraphTokenProvider("contoso", "contoso-id", "app-id", credential, sts.baseUrl(), GRAPH,
                sts.clientSslContext(), TIMEOUT);
    }

    private GraphTokenProvider provider(ClientCredential credential, Clock clock) {
        return new GraphTokenProvider("contoso", "contoso-id", "app-id", credential, sts.baseUrl(), GRAPH,
                sts.clientSslContext(), TIMEOUT, builder -> { }, clock);
    }

    /** Asks for a token expecting a failure whose message holds every part; returns it for further checks. */
    static TokenException assertTokenFailure(GraphTokenProvider provider, boolean permanent, String... messageParts) {
        TokenException e = assertThrows(TokenException.class, provider::accessToken);
        List<Executable> checks = new ArrayList<>();
        for (String part : messageParts) {
            checks.add(() -> assertContains(e.getMessage(), part));
        }
        checks.add(() -> assertEquals(permanent, e.isPermanent(), () -> "permanent? " + e.getMessage()));
        assertAll(checks);
        return e;
    }

    private PemCredentials validCertificate() {
        KeyPair keys = pki.rsa(2048);
        Instant now = Instant.now();
        return new PemCredentials(pki.selfSigned(keys, "relay-app", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90))), keys.getPrivate());
    }
}
