package io.defenderrelay.auth;

import io.defenderrelay.auth.PemFile.Role;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * An app registration's certificate and its RSA private key, loaded from PEM files and checked the way Entra will
 * use them (RS256 client assertions), so that a bad pair is refused at startup instead of at the first token call.
 */
public record PemCredentials(X509Certificate certificate, PrivateKey privateKey) {
    /** RS256 needs at least 2048-bit keys (RFC 7518 §3.3). */
    static final int MIN_RSA_BITS = 2048;

    private static final Map<ASN1ObjectIdentifier, String> OTHER_KEY_TYPES = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "an EC",
            EdECObjectIdentifiers.id_Ed25519, "an Ed25519",
            EdECObjectIdentifiers.id_Ed448, "an Ed448",
            X9ObjectIdentifiers.id_dsa, "a DSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "an RSASSA-PSS");

    public PemCredentials {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Loads the certificate (the first one of the file: the leaf of a chain) and the private key, and refuses
     * anything Entra would reject or the relay cannot use: every refusal says what to do.
     */
    public static PemCredentials load(Path certificatePem, Path privateKeyPem, Clock clock) {
        X509Certificate certificate = readCertificate(PemFile.read(certificatePem, Role.CERTIFICATE));
        RSAPrivateCrtKey key = readRsaKey(PemFile.read(privateKeyPem, Role.PRIVATE_KEY));
        PemCredentials credentials = new PemCredentials(certificate, key);
        credentials.requireMatchingKey(key, certificatePem, privateKeyPem);
        credentials.requireValidAt(clock.instant(), certificatePem);
        return credentials;
    }

    /** Time left until the certificate expires; negative once it has. */
    public Duration remainingValidity(Clock clock) {
        return Duration.between(clock.instant(), certificate.getNotAfter().toInstant());
    }

    /** Upper-case hex SHA-256 of the DER certificate (the x5t#S256 header MSAL sends, in hex). */
    public String sha256Thumbprint() {
        return thumbprint("SHA-256");
    }

    /** Upper-case hex SHA-1 of the DER certificate: the "Thumbprint" Entra lists under Certificates & secrets. */
    public String sha1Thumbprint() {
        return thumbprint("SHA-1");
    }

    /** Subject and thumbprints: enough for an operator to find the certificate in Entra, and nothing secret. */
    public String describe() {
        return "certificate " + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)
                + " (thumbprint " + sha1Thumbprint() + ", SHA-256 " + sha256Thumbprint() + ")";
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "PemCredentials[" + describe() + "]";
    }

    private static X509Certificate readCertificate(PemFile file) {
        X509CertificateHolder holder = file.objects().stream()
                .filter(X509CertificateHolder.class::isInstance)
                .map(X509CertificateHolder.class::cast)
                .findFirst()
                .orElseThrow(file::wrongContent);
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw PemFile.refusal(file.path(), Role.CERTIFICATE, "holds a certificate Java cannot decode ("
                    + e.getMessage() + "): export it again as PEM", e);
        }
    }

    private static RSAPrivateCrtKey readRsaKey(PemFile file) {
        Object keyObject = file.objects().stream()
                .filter(PemCredentials::isPrivateKey)
                .findFirst()
                .orElseThrow(file::wrongContent);
        if (keyObject instanceof PKCS8EncryptedPrivateKeyInfo || keyObject instanceof PEMEncryptedKeyPair) {
            throw PemFile.refusal(file.path(), Role.PRIVATE_KEY, "is encrypted with a passphrase, which the relay"
                    + " cannot use: decrypt it with `openssl pkey -in " + file.path() + " -out key-plain.pem`,"
                    + " restrict key-plain.pem to the relay's user (chmod 600) and point "
                    + Role.PRIVATE_KEY.property() + " at it");
        }
        PrivateKeyInfo info = keyObject instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) keyObject;
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            String type = OTHER_KEY_TYPES.getOrDefault(algorithm, "a non-RSA (algorithm " + algorithm + ")");
            throw PemFile.refusal(file.path(), Role.PRIVATE_KEY, "holds " + type + " key, but Entra client"
                    + " assertions are signed with RS256 and need an RSA key of " + MIN_RSA_BITS + " bits or more: "
                    + Remedies.NEW_CERTIFICATE);
        }
        RSAPrivateCrtKey key = toRsaKey(file, info);
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw PemFile.refusal(file.path(), Role.PRIVATE_KEY, "holds a " + bits + "-bit RSA key; RS256 needs "
                    + MIN_RSA_BITS + " bits or more (3072 recommended): " + Remedies.NEW_CERTIFICATE);
        }
        return key;
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
    }

    private static RSAPrivateCrtKey toRsaKey(PemFile file, PrivateKeyInfo info) {
        try {
            if (new JcaPEMKeyConverter().getPrivateKey(info) instanceof RSAPrivateCrtKey key) {
                return key;
            }
        } catch (PEMException e) {
            throw PemFile.refusal(file.path(), Role.PRIVATE_KEY, "holds an RSA key Java cannot decode ("
                    + e.getMessage() + "): export it again as unencrypted PEM", e);
        }
        throw PemFile.refusal(file.path(), Role.PRIVATE_KEY, "holds an RSA key without its CRT parameters:"
                + " export it again with `openssl pkey -in " + file.path() + " -out key-full.pem`");
    }

    private void requireMatchingKey(RSAPrivateCrtKey key, Path certificatePem, Path privateKeyPem) {
        String mismatch;
        if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
            mismatch = "the certificate holds a public key of type " + certificate.getPublicKey().getAlgorithm()
                    + ", not RSA";
        } else if (!publicKey.getModulus().equals(key.getModulus())
                || !publicKey.getPublicExponent().equals(key.getPublicExponent())) {
            mismatch = "their RSA modulus or public exponent differ";
        } else {
            return;
        }
        throw new InvalidCredentialsException("private key file " + privateKeyPem + " does not belong to "
                + describe() + " in " + certificatePem + " (" + mismatch + "): use the key the certificate was"
                + " created with; `openssl x509 -noout -modulus -in " + certificatePem + "` and `openssl rsa -noout"
                + " -modulus -in " + privateKeyPem + "` must print the same value");
    }

    private void requireValidAt(Instant now, Path certificatePem) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            throw new InvalidCredentialsException(describe() + " in " + certificatePem + " is not valid before "
                    + notBefore + " (this host's clock says " + now + "): check the host clock, or use a certificate"
                    + " that is already valid");
        }
        if (now.isAfter(notAfter)) {
            throw new InvalidCredentialsException(describe() + " in " + certificatePem + " expired on " + notAfter
                    + ": " + Remedies.NEW_CERTIFICATE);
        }
    }

    private String thumbprint(String digest) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(digest)
                    .digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(digest + " thumbprint of a parsed certificate failed", e);
        }
    }
}
