package io.defenderrelay.retry;

/**
 * A target asked to be retried later than its maximum retry delay allows: the request is not retried in this poll
 * (no redelivery policy lists this type) and the window is read again at the next one.
 */
public final class RetryAfterTooLongException extends RuntimeException {
    public RetryAfterTooLongException(String message, Throwable cause) {
        super(message, cause);
    }
}
