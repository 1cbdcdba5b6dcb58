package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointTest {
    private static final String TENANT = "contoso";
    private static final String SECRET_APP = "secret-app";
    private static final String CERT_APP = "cert-app";

    private GraphSimulator simulator;
    private SimHttp http;
    private TestCredentials registered;
    private TestCredentials stranger;

    @BeforeAll
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults());
        http = new SimHttp(simulator);
        registered = TestCredentials.generate("registered");
        stranger = TestCredentials.generate("stranger");
        SimTenant tenant = simulator.tenant(TENANT);
        tenant.registerSecretApp(SECRET_APP, "right-secret");
        tenant.registerCertificateApp(CERT_APP, registered.certificate());
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void issuesBearerTokenForRegisteredSecret() {
        HttpResponse<String> response = http.postToken(TENANT, http.secretForm(SECRET_APP, "right-secret"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = SimHttp.json(response);
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(3600, body.get("expires_in").asLong());
        assertEquals(3600, body.get("ext_expires_in").asLong());
        assertFalse(body.get("access_token").asText().isBlank());
    }

    @Test
    void refusesWrongSecretWithAadsts7000215() {
        assertEntraError(http.postToken(TENANT, http.secretForm(SECRET_APP, "wrong")), 401, "invalid_client", 7000215);
    }

    @Test
    void refusesUnknownClientWithAadsts700016() {
        assertEntraError(http.postToken(TENANT, http.secretForm("nobody", "x")), 400, "unauthorized_client", 700016);
    }

    @Test
    void refusesUnknownTenantWithAadsts90002() {
        assertEntraError(http.postToken("fabrikam", http.secretForm(SECRET_APP, "right-secret")), 400,
                "invalid_request", 90002);
        assertEquals(1, simulator.unattributedRequests().all().stream()
                .filter(r -> r.pathAndQuery().equals("/fabrikam/oauth2/v2.0/token") && r.status() == 400).count());
    }

    @Test
    void refusesScopeWithoutDefaultSuffix() {
        assertEntraError(http.postToken(TENANT, secretFormWith("scope", simulator.baseUrl() + "/SecurityAlert.Read.All")),
                400, "invalid_scope", 1002012);
    }

    @Test
    void refusesTheDefaultScopeOfAnotherGraphHost() {
        JsonNode error = assertEntraError(http.postToken(TENANT, secretFormWith("scope", "https://graph.microsoft.com/.default")),
                400, "invalid_scope", 1002012);
        assertTrue(error.get("error_description").asText().contains("e.g. " + http.graphScope()));
    }

    @Test
    void acceptsTheOidcScopesMsalAppends() {
        Map<String, String> form = secretFormWith("scope", http.graphScope() + " openid profile offline_access");
        form.put("client_info", "1");
        assertEquals(200, http.postToken(TENANT, form).statusCode());
    }

    @Test
    void refusesOtherGrantTypes() {
        assertEntraError(http.postToken(TENANT, secretFormWith("grant_type", "password")), 400, "unsupported_grant_type",
                70003);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedHeaders")
    void acceptsAssertionsWithEveryHeaderEntraAccepts(String description, ObjectNode header) {
        String jwt = registered.sign(header, claims(Instant.now()));
        assertEquals(200, http.postToken(TENANT, assertionForm(jwt)).statusCode());
    }

    private Stream<Arguments> acceptedHeaders() {
        return Stream.of(Arguments.of("RS256 with SHA-1 thumbprint", registered.sha1Header("RS256")),
                Arguments.of("PS256 with SHA-1 thumbprint", registered.sha1Header("PS256")),
                Arguments.of("MSAL's padded standard-base64 SHA-256 thumbprint", registered.msalHeader()));
    }

    @Test
    void refusesAssertionSignedWithAnotherKey() {
        String jwt = TestCredentials.sign(registered.msalHeader(), claims(Instant.now()), stranger.keys().getPrivate());
        JsonNode error = assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700027);
        assertTrue(error.get("error_description").asText().contains("signature"));
    }

    @Test
    void refusesAssertionFromUnregisteredCertificate() {
        String jwt = stranger.sign(stranger.msalHeader(), claims(Instant.now()));
        JsonNode error = assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700027);
        assertTrue(error.get("error_description").asText().contains("not registered"));
    }

    @Test
    void refusesAssertionForAnotherAudience() {
        ObjectNode claims = claims(Instant.now()).put("aud", "https://login.microsoftonline.com/contoso/oauth2/v2.0/token");
        String jwt = registered.sign(registered.msalHeader(), claims);
        JsonNode error = assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700027);
        assertTrue(error.get("error_description").asText().contains("audience"));
    }

    @Test
    void refusesAssertionWhoseIssuerIsNotTheClient() {
        String jwt = registered.sign(registered.msalHeader(), claims(Instant.now()).put("iss", "someone-else"));
        assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700027);
    }

    @Test
    void refusesExpiredAssertion() {
        String jwt = registered.sign(registered.msalHeader(), claims(Instant.now().minusSeconds(3600)));
        assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700024);
    }

    @Test
    void refusesAssertionNotYetValid() {
        String jwt = registered.sign(registered.msalHeader(), claims(Instant.now().plusSeconds(3600))
                .put("exp", Instant.now().plusSeconds(3900).getEpochSecond()));
        assertEntraError(http.postToken(TENANT, assertionForm(jwt)), 401, "invalid_client", 700024);
    }

    @Test
    void refusesAssertionValidForHours() {
        ObjectNode claims = claims(Instant.now()).put("exp", Instant.now().plusSeconds(4 * 3600).getEpochSecond());
        assertEntraError(http.postToken(TENANT, assertionForm(registered.sign(registered.msalHeader(), claims))), 401,
                "invalid_client", 700024);
    }

    @Test
    void toleratesFiveMinutesOfClockSkewOnNotBefore() {
        ObjectNode claims = claims(Instant.now()).put("nbf", Instant.now().plusSeconds(240).getEpochSecond());
        assertEquals(200, http.postToken(TENANT, assertionForm(registered.sign(registered.msalHeader(), claims)))
                .statusCode());
    }

    @Test
    void refusesGarbageAssertion() {
        assertEntraError(http.postToken(TENANT, assertionForm("not-a-jwt")), 400, "invalid_request", 50027);
    }

    @Test
    void msal4jGetsTokensWithSecretAndWithCertificate() throws Exception {
        long certificateTokens = certificateTokens();
        IAuthenticationResult bySecret = msal(SECRET_APP, ClientCredentialFactory.createFromSecret("right-secret"));
        IAuthenticationResult byCertificate = msal(CERT_APP, ClientCredentialFactory.createFromCertificate(
                registered.keys().getPrivate(), registered.certificate()));
        assertFalse(bySecret.accessToken().isBlank());
        assertFalse(byCertificate.accessToken().isBlank());
        assertEquals(certificateTokens + 1, certificateTokens());
    }

    private long certificateTokens() {
        return simulator.tenant(TENANT).requests().all().stream()
                .filter(r -> CERT_APP.equals(r.clientId()) && r.status() == 200).count();
    }

    private IAuthenticationResult msal(String clientId, IClientCredential credential) throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(clientId, credential)
                .authority(simulator.baseUrl() + "/" + TENANT + "/")
                .instanceDiscovery(false)
                .validateAuthority(false)
                .sslSocketFactory(simulator.clientSslContext().getSocketFactory())
                .build();
        return app.acquireToken(ClientCredentialParameters.builder(Set.of(http.graphScope())).build()).get();
    }

    private ObjectNode claims(Instant now) {
        return TestCredentials.msalClaims(CERT_APP, simulator.baseUrl() + "/" + TENANT + "/oauth2/v2.0/token", now);
    }

    /** The secret app's valid form with one field changed. */
    private Map<String, String> secretFormWith(String field, String value) {
        Map<String, String> form = http.secretForm(SECRET_APP, "right-secret");
        form.put(field, value);
        return form;
    }

    private Map<String, String> assertionForm(String jwt) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", CERT_APP);
        form.put("scope", http.graphScope());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", jwt);
        return form;
    }

    private static JsonNode assertEntraError(HttpResponse<String> response, int status, String error, int code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = SimHttp.json(response);
        assertEquals(error, body.get("error").asText());
        assertEquals(code, body.get("error_codes").get(0).asInt());
        assertTrue(body.get("error_description").asText().startsWith("AADSTS" + code + ": "));
        for (String field : new String[] {"timestamp", "trace_id", "correlation_id"}) {
            assertTrue(body.hasNonNull(field), field);
        }
        return body;
    }
}
