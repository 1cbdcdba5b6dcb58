package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a {@code client_assertion} JWT as Entra ID does: RS256/PS256 signature by a certificate registered on the
 * application (found by its x5t or x5t#S256 thumbprint), audience, issuer/subject and validity window.
 */
final class ClientAssertionVerifier {
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Entra expects short-lived assertions; MSAL makes them valid for 10 minutes. */
    static final Duration MAX_LIFETIME_AHEAD = Duration.ofMinutes(10).plus(Duration.ofMinutes(1));
    private static final int NOT_REGISTERED = 700027;
    private static final int OUTSIDE_VALIDITY = 700024;

    /** Returns normally when the assertion proves possession of one of the app's certificates. */
    void verify(String assertion, RegisteredApp app, String audience, Instant now) throws EntraError {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("the client assertion is not a compact JWS (header.payload.signature)");
        }
        JsonNode header = decodeJson(parts[0], "header");
        JsonNode claims = decodeJson(parts[1], "payload");
        X509Certificate certificate = registeredSigner(header, app);
        verifySignature(header.path("alg").asText(""), parts, certificate);
        verifyClaims(claims, app.clientId(), audience, now);
    }

    private X509Certificate registeredSigner(JsonNode header, RegisteredApp app) throws EntraError {
        boolean hasSha1 = header.hasNonNull("x5t");
        boolean hasSha256 = header.hasNonNull("x5t#S256");
        if (!hasSha1 && !hasSha256) {
            throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion header has neither 'x5t' nor 'x5t#S256', "
                    + "so the signing certificate cannot be identified. Put the certificate thumbprint in the JWT header.");
        }
        String thumbprint = hasSha256 ? header.get("x5t#S256").asText() : header.get("x5t").asText();
        byte[] wanted = decodeThumbprint(thumbprint);
        for (X509Certificate candidate : app.certificates()) {
            if (MessageDigest.isEqual(wanted, digest(candidate, hasSha256 ? "SHA-256" : "SHA-1"))) {
                return candidate;
            }
        }
        throw EntraError.invalidClient(NOT_REGISTERED, "The certificate with identifier used to sign the client "
                + "assertion is not registered on application " + app.clientId() + ". [Reason - The key was not found., "
                + "Thumbprint of key used by client: '" + thumbprint + "']. Upload the certificate to the app "
                + "registration (Certificates & secrets) or sign with a registered one.");
    }

    private void verifySignature(String algorithm, String[] parts, X509Certificate certificate) throws EntraError {
        Signature verifier;
        try {
            verifier = switch (algorithm) {
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "PS256" -> pss();
                default -> throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion uses algorithm '" + algorithm
                        + "'; only RS256 and PS256 are accepted for certificate credentials.");
            };
            verifier.initVerify(certificate.getPublicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(base64Url(parts[2], "signature"))) {
                throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion failed signature validation: it was "
                        + "not signed by the private key of the registered certificate it names.");
            }
        } catch (GeneralSecurityException e) {
            throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion failed signature validation: " + e.getMessage());
        }
    }

    private static Signature pss() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return signature;
    }

    private void verifyClaims(JsonNode claims, String clientId, String audience, Instant now) throws EntraError {
        if (!audienceMatches(claims.get("aud"), audience)) {
            throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion audience claim '" + claims.path("aud")
                    + "' does not match the token endpoint '" + audience + "'. Set 'aud' to the token endpoint URL.");
        }
        String issuer = claims.path("iss").asText(null);
        String subject = claims.path("sub").asText(null);
        if (!clientId.equals(issuer) || !clientId.equals(subject)) {
            throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion 'iss' (" + issuer + ") and 'sub' ("
                    + subject + ") must both equal the client_id " + clientId + ".");
        }
        Optional<Instant> expiry = epochClaim(claims, "exp");
        if (expiry.isEmpty()) {
            throw EntraError.invalidClient(OUTSIDE_VALIDITY, "Client assertion has no 'exp' claim.");
        }
        Instant notBefore = epochClaim(claims, "nbf").orElse(null);
        boolean expired = !expiry.get().isAfter(now);
        boolean tooLong = expiry.get().isAfter(now.plus(MAX_LIFETIME_AHEAD).plus(CLOCK_SKEW));
        boolean notYetValid = notBefore != null && notBefore.isAfter(now.plus(CLOCK_SKEW));
        if (expired || tooLong || notYetValid) {
            throw EntraError.invalidClient(OUTSIDE_VALIDITY, "Client assertion is not within its valid time range. "
                    + "Current time: " + now + ", assertion valid from " + (notBefore == null ? "-" : notBefore)
                    + ", expiry time of assertion " + expiry.get() + ". Check the host clock and build a new assertion "
                    + "for each token request, valid for at most 10 minutes.");
        }
    }

    private static boolean audienceMatches(JsonNode aud, String expected) {
        if (aud != null && aud.isArray()) {
            for (JsonNode one : aud) {
                if (expected.equals(one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return aud != null && expected.equals(aud.asText());
    }

    private static Optional<Instant> epochClaim(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(value.asLong()))
                : Optional.empty();
    }

    private static JsonNode decodeJson(String part, String what) throws EntraError {
        try {
            JsonNode node = Json.mapper().readTree(base64Url(part, what));
            if (node == null || !node.isObject()) {
                throw malformed("the client assertion " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw malformed("the client assertion " + what + " is not valid JSON");
        }
    }

    private static byte[] base64Url(String part, String what) throws EntraError {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed("the client assertion " + what + " is not base64url");
        }
    }

    /** MSAL sends x5t#S256 as standard Base64 with padding; the JOSE spec says base64url: accept both. */
    private static byte[] decodeThumbprint(String text) throws EntraError {
        String normalized = text.replace('+', '-').replace('/', '_').replace("=", "");
        try {
            return Base64.getUrlDecoder().decode(normalized);
        } catch (IllegalArgumentException e) {
            throw EntraError.invalidClient(NOT_REGISTERED, "Client assertion thumbprint '" + text + "' is not Base64.");
        }
    }

    private static byte[] digest(X509Certificate certificate, String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a registered certificate", e);
        }
    }

    private static EntraError malformed(String why) {
        return new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed: " + why + ".");
    }
}
