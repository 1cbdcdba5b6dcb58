package io.defenderrelay.auth;

/** A certificate or private key the relay refuses to use; the message says what is wrong and how to fix it. */
public final class InvalidCredentialsException extends RuntimeException {
    public InvalidCredentialsException(String message) {
        super(message);
    }

    public InvalidCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
