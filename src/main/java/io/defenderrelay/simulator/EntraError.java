package io.defenderrelay.simulator;

/** A token request refused the way Entra ID refuses it: HTTP status, OAuth error, AADSTS code and description. */
final class EntraError extends Exception {
    private final int status;
    private final String error;
    private final int code;

    EntraError(int status, String error, int code, String description) {
        super("AADSTS" + code + ": " + description);
        this.status = status;
        this.error = error;
        this.code = code;
    }

    static EntraError invalidClient(int code, String description) {
        return new EntraError(401, "invalid_client", code, description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    int code() {
        return code;
    }
}
