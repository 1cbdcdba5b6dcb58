package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/** An RSA key and self-signed certificate made with BouncyCastle, and client assertions signed with them. */
record TestCredentials(KeyPair keys, X509Certificate certificate) {

    static TestCredentials generate(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + subject);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                            keys.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TestCredentials(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as MSAL makes them: aud = token URL, iss = sub = client, jti, nbf = now, exp = now + 10 min. */
    static ObjectNode msalClaims(String clientId, String audience, Instant now) {
        return Json.mapper().createObjectNode()
                .put("aud", audience)
                .put("iss", clientId)
                .put("sub", clientId)
                .put("jti", UUID.randomUUID().toString())
                .put("nbf", now.getEpochSecond())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plusSeconds(600).getEpochSecond());
    }

    /** Header with the base64url SHA-1 thumbprint (x5t). */
    ObjectNode sha1Header(String algorithm) {
        return Json.mapper().createObjectNode().put("alg", algorithm).put("typ", "JWT")
                .put("x5t", Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-1")));
    }

    /** Header with the SHA-256 thumbprint in standard Base64 with padding, as MSAL4J sends it. */
    ObjectNode msalHeader() {
        return Json.mapper().createObjectNode().put("alg", "RS256").put("typ", "JWT")
                .put("x5t#S256", Base64.getEncoder().encodeToString(digest("SHA-256")));
    }

    String sign(ObjectNode header, ObjectNode claims) {
        return sign(header, claims, keys.getPrivate());
    }

    static String sign(ObjectNode header, ObjectNode claims, PrivateKey key) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(Json.mapper().writeValueAsBytes(header)) + "."
                    + b64.encodeToString(Json.mapper().writeValueAsBytes(claims));
            Signature signature;
            if ("PS256".equals(header.path("alg").asText())) {
                signature = Signature.getInstance("RSASSA-PSS");
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                signature = Signature.getInstance("SHA256withRSA");
            }
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
