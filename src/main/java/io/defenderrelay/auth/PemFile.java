package io.defenderrelay.auth;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PEM objects of one configured file, read with BouncyCastle; refuses files that hold no usable PEM. */
final class PemFile {
    /** What the file is configured as: names the file and its setting in messages. */
    enum Role {
        CERTIFICATE("certificate", "certificate", "openssl x509 -inform der -in %s -out cert.pem"),
        PRIVATE_KEY("private key", "private-key", "openssl pkey -inform der -in %s -out key.pem");

        private final String label;
        private final String property;
        private final String derConversion;

        Role(String label, String property, String derConversion) {
            this.label = label;
            this.property = property;
            this.derConversion = derConversion;
        }

        String property() {
            return "relay.tenants[…]." + property;
        }
    }

    private static final byte DER_SEQUENCE = 0x30;

    private final Path path;
    private final Role role;
    private final List<Object> objects;

    private PemFile(Path path, Role role, List<Object> objects) {
        this.path = path;
        this.role = role;
        this.objects = objects;
    }

    static PemFile read(Path path, Role role) {
        byte[] content = readBytes(path, role);
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            throw refusal(path, role, "is empty: point " + role.property() + " at the PEM " + role.label + " file");
        }
        List<Object> objects = parse(path, role, text);
        if (objects.isEmpty()) {
            throw refusal(path, role, content[0] == DER_SEQUENCE
                    ? "is binary (DER or PKCS#12), not PEM: convert it with `" + role.derConversion.formatted(path)
                            + "` (from a .pfx/.p12 use `openssl pkcs12 -in " + path + " -nodes`) and point "
                            + role.property() + " at the PEM file"
                    : "holds no PEM block (a line like -----BEGIN ...-----): point " + role.property()
                            + " at the PEM " + role.label + " file");
        }
        return new PemFile(path, role, List.copyOf(objects));
    }

    Path path() {
        return path;
    }

    List<Object> objects() {
        return objects;
    }

    /** Refuses the file because it holds something other than what its role needs. */
    InvalidCredentialsException wrongContent() {
        List<String> found = objects.stream().map(PemFile::describe).distinct().toList();
        return refusal(path, role, "holds " + String.join(" and ", found) + ", not a " + role.label
                + ": point " + role.property() + " at the " + role.label + " file");
    }

    static InvalidCredentialsException refusal(Path path, Role role, String problem) {
        return refusal(path, role, problem, null);
    }

    static InvalidCredentialsException refusal(Path path, Role role, String problem, Throwable causeOrNull) {
        return new InvalidCredentialsException(role.label + " file " + path + " " + problem, causeOrNull);
    }

    private static byte[] readBytes(Path path, Role role) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw refusal(path, role, "does not exist: check " + role.property());
        } catch (AccessDeniedException e) {
            throw refusal(path, role, "cannot be read by this user: grant read access to the user running the relay");
        } catch (IOException e) {
            throw refusal(path, role, "cannot be read (" + e + "): check " + role.property(), e);
        }
    }

    private static List<Object> parse(Path path, Role role, String text) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 or ASN.1 inside a PEM block this way; its message has no key material
            throw refusal(path, role, "holds a damaged PEM block (" + e.getMessage() + "): export the "
                    + role.label + " again and point " + role.property() + " at it", e);
        }
    }

    private static String describe(Object object) {
        if (object instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
            return "a private key";
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            return "an encrypted private key";
        }
        if (object instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (object instanceof PKCS10CertificationRequest) {
            return "a certificate signing request";
        }
        return "a " + object.getClass().getSimpleName();
    }
}
