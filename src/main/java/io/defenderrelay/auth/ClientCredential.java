package io.defenderrelay.auth;

import com.microsoft.aad.msal4j.IClientCredential;

import java.util.Optional;

/**
 * How an app proves its identity to Entra: a client secret or a certificate. Made by
 * {@link GraphTokenProvider#secret(String)} and {@link GraphTokenProvider#certificate(PemCredentials)}.
 * Its text form names the kind of credential and never the secret.
 */
public final class ClientCredential {
    private final IClientCredential msal;
    private final PemCredentials certificateOrNull;

    ClientCredential(IClientCredential msal, PemCredentials certificateOrNull) {
        this.msal = msal;
        this.certificateOrNull = certificateOrNull;
    }

    IClientCredential msal() {
        return msal;
    }

    Optional<PemCredentials> certificate() {
        return Optional.ofNullable(certificateOrNull);
    }

    @Override
    public String toString() {
        return certificate().map(PemCredentials::describe).orElse("client secret");
    }
}
