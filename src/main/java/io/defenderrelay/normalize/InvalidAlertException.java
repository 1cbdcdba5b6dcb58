package io.defenderrelay.normalize;

/** An alert that cannot become an OCSF event; the message is the reason recorded with the dead letter. */
public class InvalidAlertException extends RuntimeException {
    public InvalidAlertException(String reason) {
        super(reason);
    }

    public InvalidAlertException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
