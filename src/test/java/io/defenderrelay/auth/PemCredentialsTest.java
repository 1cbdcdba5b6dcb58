package io.defenderrelay.auth;

import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import static io.defenderrelay.auth.TestPki.CLOCK;
import static io.defenderrelay.auth.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PemCredentialsTest {
    private final TestPki pki = new TestPki(20260601L);
    private final KeyPair keys = pki.rsa(2048);
    private final KeyPair otherKeys = pki.rsa(2048);
    private final X509Certificate certificate = pki.selfSigned(keys, "defender-relay",
            NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));

    @TempDir
    Path dir;

    @Test
    void loadsUnencryptedPkcs8Key() {
        PemCredentials credentials = load(certificateFile(), TestPki.writePkcs8(dir.resolve("key.pem"), keys.getPrivate()));

        assertEquals(certificate, credentials.certificate());
        assertEquals(keys.getPrivate(), credentials.privateKey());
    }

    @Test
    void loadsUnencryptedPkcs1Key() throws IOException {
        Path key = TestPki.writePem(dir.resolve("key.pem"), keys.getPrivate());
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        PemCredentials credentials = load(certificateFile(), key);

        assertEquals(certificate, credentials.certificate());
        assertEquals(((RSAPrivateCrtKey) keys.getPrivate()).getPrivateExponent(),
                ((RSAPrivateCrtKey) credentials.privateKey()).getPrivateExponent());
    }

    @Test
    void takesFirstCertificateOfChainAsLeaf() {
        X509Certificate ca = pki.selfSigned(otherKeys, "relay-ca", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(900)));
        X509Certificate leaf = pki.issuedBy(keys, "relay-leaf", otherKeys, "relay-ca", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(90)));
        Path chain = TestPki.writePem(dir.resolve("chain.pem"), leaf, ca);

        PemCredentials credentials = load(chain, TestPki.writePkcs8(dir.resolve("key.pem"), keys.getPrivate()));

        assertEquals(leaf, credentials.certificate());
    }

    @Test
    void acceptsOneFileHoldingKeyAndCertificate() {
        Path both = TestPki.writePem(dir.resolve("both.pem"), keys.getPrivate(), certificate);

        PemCredentials credentials = load(both, both);

        assertEquals(certificate, credentials.certificate());
    }

    @Test
    void refusesEncryptedPkcs8Key() {
        String message = refusal(certificateFile(), TestPki.writeEncryptedPkcs8(dir.resolve("key.pem"), keys.getPrivate()));

        assertAll(() -> assertContains(message, "is encrypted"),
                () -> assertContains(message, "openssl pkey -in " + dir.resolve("key.pem") + " -out key-plain.pem"));
    }

    @Test
    void refusesEncryptedPkcs1Key() throws IOException {
        Path key = TestPki.writeEncryptedPkcs1(dir.resolve("key.pem"), keys.getPrivate());
        assertContains(Files.readString(key), "Proc-Type: 4,ENCRYPTED");

        String message = refusal(certificateFile(), key);

        assertAll(() -> assertContains(message, "is encrypted"),
                () -> assertContains(message, "openssl pkey -in"));
    }

    @Test
    void refusesEcKeyInSec1Form() {
        assertRefusedAsNonRsa(TestPki.writePem(dir.resolve("key.pem"), pki.ec().getPrivate()), "an EC key");
    }

    @Test
    void refusesEcKeyInPkcs8Form() {
        assertRefusedAsNonRsa(TestPki.writePkcs8(dir.resolve("key.pem"), pki.ec().getPrivate()), "an EC key");
    }

    @Test
    void refusesEd25519Key() {
        assertRefusedAsNonRsa(TestPki.writePkcs8(dir.resolve("key.pem"), pki.ed25519().getPrivate()), "an Ed25519 key");
    }

    @Test
    void refusesDsaKey() {
        assertRefusedAsNonRsa(TestPki.writePem(dir.resolve("key.pem"), pki.dsa().getPrivate()), "a DSA key");
    }

    @Test
    void refusesRsaKeyShorterThan2048Bits() {
        KeyPair small = pki.rsa(1024);
        Path cert = TestPki.writePem(dir.resolve("cert.pem"),
                pki.selfSigned(small, "small", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));

        String message = refusal(cert, TestPki.writePkcs8(dir.resolve("key.pem"), small.getPrivate()));

        assertAll(() -> assertContains(message, "1024-bit RSA key"),
                () -> assertContains(message, "2048 bits or more"),
                () -> assertContains(message, "openssl req -x509 -newkey rsa:3072"));
    }

    @Test
    void refusesKeyThatDoesNotMatchCertificate() {
        String message = refusal(certificateFile(), TestPki.writePkcs8(dir.resolve("key.pem"), otherKeys.getPrivate()));

        assertAll(() -> assertContains(message, "does not belong to certificate CN=defender-relay"),
                () -> assertContains(message, "openssl x509 -noout -modulus"));
    }

    @Test
    void refusesKeyWithSameModulusButAnotherPublicExponent() throws GeneralSecurityException {
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), withOtherExponent((RSAPrivateCrtKey) keys.getPrivate()));

        assertContains(refusal(certificateFile(), key), "their RSA modulus or public exponent differ");
    }

    @Test
    void refusesCertificateWhoseKeyIsNotRsa() {
        KeyPair ecKeys = pki.ec();
        Path cert = TestPki.writePem(dir.resolve("cert.pem"),
                pki.selfSigned(ecKeys, "ec-cert", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));

        String message = refusal(cert, TestPki.writePkcs8(dir.resolve("key.pem"), keys.getPrivate()));

        assertAll(() -> assertContains(message, "does not belong to certificate CN=ec-cert"),
                () -> assertContains(message, "holds a public key of type EC, not RSA"));
    }

    @Test
    void refusesRsaKeyWithoutCrtParameters() {
        RSAPrivateCrtKey full = (RSAPrivateCrtKey) keys.getPrivate();
        byte[] bare = encode(new RSAPrivateKey(full.getModulus(), full.getPublicExponent(), full.getPrivateExponent(),
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));

        String message = refusal(certificateFile(), TestPki.writeRaw(dir.resolve("key.pem"), "RSA PRIVATE KEY", bare));

        assertContains(message, "export it again");
    }

    @Test
    void refusesMissingFile() {
        String message = refusal(dir.resolve("nowhere.pem"), keyFile());

        assertAll(() -> assertContains(message, "certificate file " + dir.resolve("nowhere.pem") + " does not exist"),
                () -> assertContains(message, "relay.tenants[…].certificate"));
    }

    @Test
    void refusesEmptyKeyFile() {
        String message = refusal(certificateFile(), TestPki.writeText(dir.resolve("key.pem"), ""));

        assertAll(() -> assertContains(message, "private key file " + dir.resolve("key.pem") + " is empty"),
                () -> assertContains(message, "relay.tenants[…].private-key"));
    }

    @Test
    void refusesDerCertificate() throws Exception {
        Path der = Files.write(dir.resolve("cert.der"), certificate.getEncoded());

        String message = refusal(der, keyFile());

        assertAll(() -> assertContains(message, "is binary (DER or PKCS#12), not PEM"),
                () -> assertContains(message, "openssl x509 -inform der -in " + der + " -out cert.pem"));
    }

    @Test
    void refusesDerKey() throws IOException {
        Path der = Files.write(dir.resolve("key.der"), keys.getPrivate().getEncoded());

        String message = refusal(certificateFile(), der);

        assertContains(message, "openssl pkey -inform der -in " + der + " -out key.pem");
    }

    @Test
    void refusesTextWithoutPemBlock() {
        String message = refusal(TestPki.writeText(dir.resolve("cert.pem"), "MIIB this is not a certificate\n"), keyFile());

        assertContains(message, "holds no PEM block");
    }

    @Test
    void refusesDamagedBase64InPemBlock() {
        Path cert = TestPki.writeText(dir.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\n!!not base64 at all!!\n-----END CERTIFICATE-----\n");

        assertContains(refusal(cert, keyFile()), "holds a damaged PEM block");
    }

    @Test
    void refusesPemBlockThatIsNotACertificate() {
        Path cert = TestPki.writeRaw(dir.resolve("cert.pem"), "CERTIFICATE", "not DER".getBytes());

        assertContains(refusal(cert, keyFile()), "holds a damaged PEM block");
    }

    @Test
    void refusesCertificateWhereKeyShouldBe() {
        String message = refusal(certificateFile(), certificateFile());

        assertAll(() -> assertContains(message, "holds a certificate, not a private key"),
                () -> assertContains(message, "relay.tenants[…].private-key"));
    }

    @Test
    void refusesKeyWhereCertificateShouldBe() {
        String message = refusal(keyFile(), keyFile());

        assertAll(() -> assertContains(message, "holds a private key, not a certificate"),
                () -> assertContains(message, "relay.tenants[…].certificate"));
    }

    @Test
    void refusesExpiredCertificate() {
        Path cert = TestPki.writePem(dir.resolve("cert.pem"),
                pki.selfSigned(keys, "old", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))));

        String message = refusal(cert, keyFile());

        assertAll(() -> assertContains(message, "expired on " + NOW.minus(Duration.ofDays(1))),
                () -> assertContains(message, "upload cert.pem in Entra → App registrations"));
    }

    @Test
    void refusesCertificateNotYetValid() {
        Path cert = TestPki.writePem(dir.resolve("cert.pem"),
                pki.selfSigned(keys, "future", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400))));

        String message = refusal(cert, keyFile());

        assertAll(() -> assertContains(message, "is not valid before " + NOW.plus(Duration.ofDays(1))),
                () -> assertContains(message, "check the host clock"));
    }

    @Test
    void remainingValidityCountsToNotAfter() {
        PemCredentials credentials = load(certificateFile(), keyFile());

        assertEquals(Duration.ofDays(365), credentials.remainingValidity(CLOCK));
        assertTrue(credentials.remainingValidity(Clock.offset(CLOCK, Duration.ofDays(366))).isNegative());
    }

    @Test
    void thumbprintsAreUpperCaseHexDigestsOfTheDerCertificate() throws Exception {
        PemCredentials credentials = load(certificateFile(), keyFile());
        HexFormat hex = HexFormat.of().withUpperCase();

        assertEquals(hex.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())),
                credentials.sha256Thumbprint());
        assertEquals(hex.formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())),
                credentials.sha1Thumbprint());
        assertTrue(credentials.sha256Thumbprint().matches("[0-9A-F]{64}"));
    }

    @Test
    void textFormNamesCertificateButNoKeyMaterial() {
        PemCredentials credentials = load(certificateFile(), keyFile());
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) keys.getPrivate();

        String text = credentials.toString();

        assertAll(() -> assertContains(text, "CN=defender-relay"),
                () -> assertContains(text, credentials.sha1Thumbprint()),
                () -> assertFalse(text.contains(key.getPrivateExponent().toString())),
                () -> assertFalse(text.contains(key.getPrivateExponent().toString(16))),
                () -> assertFalse(text.contains(key.getModulus().toString(16))));
    }

    private PemCredentials load(Path cert, Path key) {
        return PemCredentials.load(cert, key, CLOCK);
    }

    private String refusal(Path cert, Path key) {
        return assertThrows(InvalidCredentialsException.class, () -> load(cert, key)).getMessage();
    }

    private void assertRefusedAsNonRsa(Path key, String keyType) {
        String message = refusal(certificateFile(), key);
        assertAll(() -> assertContains(message, "holds " + keyType),
                () -> assertContains(message, "RS256"),
                () -> assertContains(message, "openssl req -x509 -newkey rsa:3072"));
    }

    private Path certificateFile() {
        return TestPki.writePem(dir.resolve("cert.pem"), certificate);
    }

    private Path keyFile() {
        return TestPki.writePkcs8(dir.resolve("key.pem"), keys.getPrivate());
    }

    static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected <" + expected + "> in <" + text + ">");
    }

    private static PrivateKey withOtherExponent(RSAPrivateCrtKey key) throws GeneralSecurityException {
        BigInteger one = BigInteger.ONE;
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        BigInteger phi = p.subtract(one).multiply(q.subtract(one));
        BigInteger exponent = BigInteger.valueOf(65539);
        while (!exponent.gcd(phi).equals(one)) {
            exponent = exponent.nextProbablePrime();
        }
        BigInteger d = exponent.modInverse(phi);
        return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(key.getModulus(), exponent, d,
                p, q, d.mod(p.subtract(one)), d.mod(q.subtract(one)), q.modInverse(p)));
    }

    private static byte[] encode(RSAPrivateKey key) {
        try {
            return key.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
