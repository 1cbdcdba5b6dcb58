package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.auth.InvalidCredentialsException;
import io.defenderrelay.auth.TestPki;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant configured with only a PEM certificate and private key, through the whole relay: MSAL4J signs client
 * assertions that the simulator's token endpoint verifies against the registered certificate; and a bad key pair
 * is refused at startup before anything is sent to Entra or Graph.
 */
class CertificateTenantTest {

    private static final GraphSimulator SIM = GraphSimulator.start(SimulatorOptions.defaults());
    private static final TestPki PKI = new TestPki(20261003L);

    @TempDir
    Path dir;

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Test
    void deliversTheAlertsOfATenantThatSignsInWithACertificate() {
        SimTenant tenant = SIM.tenant(UUID.randomUUID().toString());
        KeyPair keys = PKI.rsa(2048);
        Path cert = registerCertificate(tenant, keys);
        Instant now = Instant.now();
        tenant.alerts().generate(200, now.minus(Duration.ofMinutes(50)), now.minusSeconds(5));
        Path key = TestPki.writePkcs8(dir.resolve("relay.key"), keys.getPrivate());

        try (RelayHarness relay = RelayHarness.start(dir, certificateTenant(tenant, cert, key))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(20));
            assertEquals(200, relay.delivered().size(), "each alert once");
        }
        // the app has no secret: every token was bought with a client assertion the simulator verified
        assertTrue(tenant.requests().all().stream().filter(r -> r.kind() == RecordedRequest.Kind.TOKEN)
                .allMatch(r -> r.status() == 200 && clientId(tenant).equals(r.clientId())));
        assertEquals(1, tenant.requests().tokenRequests(), "one token, held for its lifetime");
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificateAndNeverCallsGraph() {
        SimTenant tenant = SIM.tenant(UUID.randomUUID().toString());
        Path cert = registerCertificate(tenant, PKI.rsa(2048));
        Path otherKey = TestPki.writePkcs8(dir.resolve("other.key"), PKI.rsa(2048).getPrivate());

        String message = refusal(tenant, cert, otherKey);

        assertAll(() -> assertContains(message, "private key file " + otherKey + " does not belong to certificate"
                        + " CN=relay-cert"),
                () -> assertContains(message, "use the key the certificate was created with"),
                () -> assertContains(message, "openssl x509 -noout -modulus -in " + cert));
    }

    @Test
    void refusesAnEncryptedKeyAndNeverCallsGraph() {
        SimTenant tenant = SIM.tenant(UUID.randomUUID().toString());
        KeyPair keys = PKI.rsa(2048);
        Path cert = registerCertificate(tenant, keys);
        Path key = TestPki.writeEncryptedPkcs8(dir.resolve("relay.key"), keys.getPrivate());

        String message = refusal(tenant, cert, key);

        assertAll(() -> assertContains(message, "private key file " + key + " is encrypted with a passphrase"),
                () -> assertContains(message, "decrypt it with `openssl pkey -in " + key),
                () -> assertContains(message, "relay.tenants[…].private-key"));
    }

    /** Starts a relay that must refuse this tenant; returns the refusal's message after checking nobody was called. */
    private String refusal(SimTenant tenant, Path cert, Path key) {
        int unattributedBefore = SIM.unattributedRequests().all().size();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> RelayHarness.start(dir, certificateTenant(tenant, cert, key)).close());
        InvalidCredentialsException refusal = cause(failure);
        assertAll(() -> assertEquals(0, tenant.requests().all().size(), "no token or Graph request"),
                () -> assertEquals(unattributedBefore, SIM.unattributedRequests().all().size(),
                        "nothing else reached the simulator"));
        return refusal.getMessage();
    }

    private Map<String, String> certificateTenant(SimTenant tenant, Path cert, Path key) {
        Map<String, String> settings = RelayHarness.baseSettings(SIM, dir);
        settings.put("relay.tenants[0].name", "cert-tenant");
        settings.put("relay.tenants[0].tenant-id", tenant.tenantId());
        settings.put("relay.tenants[0].client-id", clientId(tenant));
        settings.put("relay.tenants[0].certificate", cert.toString());
        settings.put("relay.tenants[0].private-key", key.toString());
        settings.put("relay.backfill.start", "PT1H");
        settings.put("relay.dead-letter.dir", dir.resolve("out").toString());
        return settings;
    }

    /** Registers a self-signed CN=relay-cert certificate of these keys for the tenant's app; writes it as PEM. */
    private Path registerCertificate(SimTenant tenant, KeyPair keys) {
        Instant now = Instant.now();
        X509Certificate certificate = PKI.selfSigned(keys, "relay-cert", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        tenant.registerCertificateApp(clientId(tenant), certificate);
        return TestPki.writePem(dir.resolve("relay.crt"), certificate);
    }

    private static String clientId(SimTenant tenant) {
        return "app-" + tenant.tenantId();
    }

    private static InvalidCredentialsException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidCredentialsException refusal) {
                return refusal;
            }
        }
        throw new AssertionError("startup failed, but not with an InvalidCredentialsException", failure);
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected «" + part + "» in: " + text);
    }
}
