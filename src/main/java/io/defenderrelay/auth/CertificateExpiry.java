package io.defenderrelay.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Watches one tenant's certificate for approaching expiry: certificates are renewed by hand in Entra and in the
 * relay, so the operator needs a warning well before the relay stops getting tokens.
 */
public final class CertificateExpiry {
    public static final Duration DEFAULT_WARNING_WINDOW = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);

    private final String tenantName;
    private final PemCredentials credentials;
    private final Clock clock;
    private final Duration warningWindow;

    public CertificateExpiry(String tenantName, PemCredentials credentials, Clock clock, Duration warningWindow) {
        if (warningWindow.isNegative()) {
            throw new IllegalArgumentException("certificate expiry warning window " + warningWindow
                    + " is negative: use a period such as P30D");
        }
        this.tenantName = Objects.requireNonNull(tenantName, "tenantName");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warningWindow = warningWindow;
    }

    /** True when the certificate has expired or will within {@code window} from now. */
    public boolean expiresWithin(Duration window) {
        return credentials.remainingValidity(clock).compareTo(window) <= 0;
    }

    /** Logs a WARN (subject and thumbprints only) when expiry is inside the warning window; returns whether it did. */
    public boolean warnIfExpiringSoon() {
        if (!expiresWithin(warningWindow)) {
            return false;
        }
        LOG.warn("tenant {}: {} expires on {} (in {} days): renew it before then: {}", tenantName,
                credentials.describe(), credentials.certificate().getNotAfter().toInstant(),
                credentials.remainingValidity(clock).toDays(), Remedies.NEW_CERTIFICATE);
        return true;
    }
}
