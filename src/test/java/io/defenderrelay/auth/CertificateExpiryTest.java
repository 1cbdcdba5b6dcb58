package io.defenderrelay.auth;

import io.defenderrelay.testing.CapturedLog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.defenderrelay.auth.PemCredentialsTest.assertContains;
import static io.defenderrelay.auth.TestPki.CLOCK;
import static io.defenderrelay.auth.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateExpiryTest {
    private final TestPki pki = new TestPki(7L);
    private final KeyPair keys = pki.rsa(2048);

    @Test
    void defaultWarningWindowIsThirtyDays() {
        assertEquals(Duration.ofDays(30), CertificateExpiry.DEFAULT_WARNING_WINDOW);
    }

    @Test
    void warnsWhenCertificateExpiresInsideWindow() {
        PemCredentials credentials = expiringIn(Duration.ofDays(20));
        CertificateExpiry expiry = new CertificateExpiry("contoso", credentials, CLOCK, CertificateExpiry.DEFAULT_WARNING_WINDOW);

        List<String> lines;
        try (CapturedLog log = new CapturedLog(CertificateExpiry.class.getName())) {
            assertTrue(expiry.warnIfExpiringSoon());
            lines = log.lines();
        }

        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertContains(line, "WARN tenant contoso: certificate CN=expiring");
        assertContains(line, credentials.sha1Thumbprint());
        assertContains(line, "in 20 days");
        assertContains(line, "upload cert.pem in Entra");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) keys.getPrivate();
        assertFalse(line.contains(key.getPrivateExponent().toString()));
        assertFalse(line.contains(key.getPrivateExponent().toString(16)));
    }

    @Test
    void staysQuietWhenExpiryIsOutsideWindow() {
        CertificateExpiry expiry = new CertificateExpiry("contoso", expiringIn(Duration.ofDays(45)), CLOCK,
                CertificateExpiry.DEFAULT_WARNING_WINDOW);

        try (CapturedLog log = new CapturedLog(CertificateExpiry.class.getName())) {
            assertFalse(expiry.warnIfExpiringSoon());
            assertEquals(List.of(), log.lines());
        }
    }

    @Test
    void honoursConfiguredWarningWindow() {
        CertificateExpiry expiry = new CertificateExpiry("contoso", expiringIn(Duration.ofDays(45)), CLOCK,
                Duration.ofDays(60));

        assertTrue(expiry.warnIfExpiringSoon());
    }

    @Test
    void expiresWithinComparesRemainingValidityWithGivenWindow() {
        CertificateExpiry expiry = new CertificateExpiry("contoso", expiringIn(Duration.ofDays(10)), CLOCK,
                CertificateExpiry.DEFAULT_WARNING_WINDOW);

        assertTrue(expiry.expiresWithin(Duration.ofDays(10)));
        assertTrue(expiry.expiresWithin(Duration.ofDays(11)));
        assertFalse(expiry.expiresWithin(Duration.ofDays(9)));
    }

    @Test
    void countsAnExpiredCertificateAsExpiringWithinAnyWindow() {
        CertificateExpiry expiry = new CertificateExpiry("contoso", expiringIn(Duration.ofDays(1)),
                Clock.offset(CLOCK, Duration.ofDays(2)), CertificateExpiry.DEFAULT_WARNING_WINDOW);

        assertTrue(expiry.expiresWithin(Duration.ZERO));
    }

    @Test
    void refusesNegativeWarningWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CertificateExpiry("contoso",
                expiringIn(Duration.ofDays(45)), CLOCK, Duration.ofDays(-1)));

        assertContains(e.getMessage(), "is negative");
    }

    private PemCredentials expiringIn(Duration remaining) {
        return new PemCredentials(pki.selfSigned(keys, "expiring", NOW.minus(Duration.ofDays(300)), NOW.plus(remaining)),
                keys.getPrivate());
    }
}
