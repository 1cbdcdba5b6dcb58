package io.defenderrelay.retry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an HTTP {@code Retry-After} header: delay seconds (fractional accepted) or an HTTP date. */
public final class RetryAfterHeader {
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

    private RetryAfterHeader() {
    }

    /**
     * @return how long to wait from now; a date in the past gives zero; a missing or unreadable header gives
     *         empty, so the caller falls back to its own backoff
     */
    public static Optional<Duration> parse(String headerValue, Clock clock) {
        if (headerValue == null || headerValue.isBlank()) {
            return Optional.empty();
        }
        String value = headerValue.trim();
        return SECONDS.matcher(value).matches() ? seconds(value) : date(value, clock);
    }

    /** The {@code Retry-After} of a response's headers (any letter case), parsed as by {@link #parse}. */
    public static Optional<Duration> fromHeaders(Map<String, String> headers, Clock clock) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(e -> "Retry-After".equalsIgnoreCase(e.getKey())).findFirst()
                .flatMap(e -> parse(e.getValue(), clock));
    }

    private static Optional<Duration> seconds(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            // a few servers send fractional seconds ("2.128"); keep millisecond precision
            return Optional.of(Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
