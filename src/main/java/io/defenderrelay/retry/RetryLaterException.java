package io.defenderrelay.retry;

import java.time.Duration;
import java.util.Optional;

/** A sink answered "not now" (busy, throttled, some items failed): the route's redelivery policy sends again. */
public final class RetryLaterException extends RuntimeException {
    private final transient Optional<Duration> retryAfter;

    public RetryLaterException(String message, Optional<Duration> retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The receiver's own {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
