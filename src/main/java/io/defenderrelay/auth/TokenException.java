package io.defenderrelay.auth;

import java.util.Optional;

/**
 * A token could not be acquired. The message is a diagnosis for the operator. Permanent failures (wrong or
 * expired credentials, unknown app or tenant) need a configuration change; transient ones (STS 5xx, network)
 * are worth retrying on the next poll.
 */
public final class TokenException extends RuntimeException {
    private final String aadstsCode;
    private final boolean permanent;

    TokenException(String message, String aadstsCodeOrNull, boolean permanent, Throwable cause) {
        super(message, cause);
        this.aadstsCode = aadstsCodeOrNull;
        this.permanent = permanent;
    }

    /** The Entra error code without its prefix, e.g. "7000215" for AADSTS7000215, when the STS sent one. */
    public Optional<String> aadstsCode() {
        return Optional.ofNullable(aadstsCode);
    }

    /** True when retrying cannot help until the configuration (or the app registration) is fixed. */
    public boolean isPermanent() {
        return permanent;
    }
}
