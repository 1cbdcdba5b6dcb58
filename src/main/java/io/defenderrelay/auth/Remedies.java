package io.defenderrelay.auth;

/** Fix-it instructions that several diagnoses end with, worded once. */
final class Remedies {
    static final String APP_CREDENTIALS_PAGE = "Entra → App registrations → your app → Certificates & secrets";

    static final String NEW_CERTIFICATE = "create an RSA key and certificate, e.g. `openssl req -x509 -newkey rsa:3072"
            + " -nodes -keyout key.pem -out cert.pem -days 365 -subj /CN=defender-relay`, upload cert.pem in "
            + APP_CREDENTIALS_PAGE + ", and point relay.tenants[…].certificate and private-key at the two files";

    static final String ALERT_PERMISSION = "in Entra → App registrations → your app → API permissions add Microsoft"
            + " Graph › Application permissions › " + TokenRoles.READ_ALERTS + ", then Grant admin consent; a new"
            + " token carries it";

    private Remedies() {
    }
}
