package io.defenderrelay.auth;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import javax.security.auth.x500.X500Principal;

/** Keys and certificates made at test time with a seeded random source, and written as PEM files. */
public final class TestPki {
    /** The fixed "now" of the credential tests, which certificates' validity is set around. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final char[] PASSPHRASE = "correct horse".toCharArray();
    // passed to the encryptors only: registering it globally would hide what the default JCA can and cannot do
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final SecureRandom random;
    private long serial = 1;

    public TestPki(long seed) {
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        random.setSeed(seed);
    }

    public KeyPair rsa(int bits) {
        return generate("RSA", bits);
    }

    KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair ed25519() {
        return generate("Ed25519", 255);
    }

    KeyPair dsa() {
        return generate("DSA", 2048);
    }

    public X509Certificate selfSigned(KeyPair keys, String commonName, Instant notBefore, Instant notAfter) {
        return issue(keys, commonName, keys, commonName, notBefore, notAfter, true);
    }

    /** A TLS server certificate for 127.0.0.1, valid for a day around now. */
    X509Certificate localhostServer(KeyPair keys) {
        Instant now = Instant.now();
        try {
            return sign(builder(keys, "127.0.0.1", "127.0.0.1", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1"))), keys);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    X509Certificate issuedBy(KeyPair subject, String commonName, KeyPair issuer, String issuerName,
                             Instant notBefore, Instant notAfter) {
        return issue(subject, commonName, issuer, issuerName, notBefore, notAfter, false);
    }

    /** Any mix of certificates and keys, the way JcaPEMWriter writes them (an RSA key as PKCS#1). */
    public static Path writePem(Path file, Object... objects) {
        return write(file, writer -> {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        });
    }

    public static Path writePkcs8(Path file, PrivateKey key) {
        return write(file, writer -> writer.writeObject(new JcaPKCS8Generator(key, null)));
    }

    public static Path writeEncryptedPkcs8(Path file, PrivateKey key) {
        return write(file, writer -> {
            try {
                writer.writeObject(new JcaPKCS8Generator(key,
                        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BOUNCY_CASTLE).setPassword(PASSPHRASE).build()));
            } catch (OperatorCreationException e) {
                throw new IOException(e);
            }
        });
    }

    /** Traditional OpenSSL encryption: an "RSA PRIVATE KEY" block with Proc-Type: 4,ENCRYPTED. */
    static Path writeEncryptedPkcs1(Path file, PrivateKey key) {
        return write(file, writer -> writer.writeObject(key, new JcePEMEncryptorBuilder("AES-256-CBC")
                .setProvider(BOUNCY_CASTLE).build(PASSPHRASE)));
    }

    static Path writeRaw(Path file, String type, byte[] content) {
        return write(file, writer -> writer.writeObject(new PemObject(type, content)));
    }

    static Path writeText(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate issue(KeyPair subject, String commonName, KeyPair issuer, String issuerName,
                                  Instant notBefore, Instant notAfter, boolean ca) {
        try {
            return sign(builder(subject, commonName, issuerName, notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca)), issuer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509v3CertificateBuilder builder(KeyPair subject, String commonName, String issuerName,
                                             Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(new X500Principal("CN=" + issuerName), BigInteger.valueOf(serial++),
                Date.from(notBefore), Date.from(notAfter), new X500Principal("CN=" + commonName), subject.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) {
        String signature = "RSA".equals(issuer.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(signature).setSecureRandom(random).build(issuer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface PemWriting {
        void writeTo(JcaPEMWriter writer) throws IOException;
    }

    private static Path write(Path file, PemWriting writing) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writing.writeTo(writer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }
}
