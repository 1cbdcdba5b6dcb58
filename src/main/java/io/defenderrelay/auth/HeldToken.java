package io.defenderrelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The access token in hand for one tenant, used until shortly before it expires. Not thread-safe: its
 * {@link GraphTokenProvider} guards it.
 */
final class HeldToken {
    /** Renewal margin before expiry, as MSAL's own cache keeps: a token must not expire on its way to Graph. */
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    HeldToken(Clock clock) {
        this.clock = clock;
    }

    /** The token, while it is not due for renewal. */
    Optional<String> current() {
        return token != null && clock.instant().isBefore(renewAt) ? Optional.of(token) : Optional.empty();
    }

    void keep(String newToken, Instant expiresOn) {
        // a token shorter-lived than twice the margin (a test authority's) is renewed halfway through its life
        Duration halfLife = Duration.between(clock.instant(), expiresOn).dividedBy(2);
        token = newToken;
        renewAt = expiresOn.minus(halfLife.compareTo(MARGIN) < 0 ? halfLife : MARGIN);
    }

    void forget() {
        token = null;
    }

    /** When {@link #current} stops returning the token. */
    Instant renewAt() {
        return renewAt;
    }
}
