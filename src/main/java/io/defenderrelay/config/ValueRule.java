package io.defenderrelay.config;

import org.quartz.CronExpression;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What one setting's value must be, checked with the parser the relay reads that key with. */
@FunctionalInterface
interface ValueRule {

    /** What is wrong with the (non-empty) value and how to write it, or empty when it is fine. */
    Optional<String> problem(String key, String value);

    /** Any text: only emptiness is checked, and that by whoever applies the rule. */
    static ValueRule text() {
        return (key, value) -> Optional.empty();
    }

    static ValueRule bool() {
        return (key, value) -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? Optional.empty()
                : Optional.of(shown(key, value) + " is not true or false (anything else reads as false): write true or false");
    }

    static ValueRule oneOf(String... names) {
        return (key, value) -> List.of(names).stream().anyMatch(value::equalsIgnoreCase) ? Optional.empty()
                : Optional.of(shown(key, value) + " is not one of " + String.join(", ", names));
    }

    /** One of {@code names} exactly as written: for a value read by another library, which ignores no case. */
    static ValueRule exactlyOneOf(String... names) {
        return (key, value) -> List.of(names).contains(value) ? Optional.empty()
                : Optional.of(shown(key, value) + " is not one of " + String.join(", ", names) + " (in lower case)");
    }

    /** Whole numbers from {@code min} up to {@code max}. */
    static ValueRule whole(long min, long max) {
        return (key, value) -> {
            try {
                long number = Long.parseLong(value);
                return number >= min && number <= max ? Optional.empty()
                        : Optional.of(shown(key, value) + " is out of range: write a whole number from " + min + " to " + max);
            } catch (NumberFormatException e) {
                return Optional.of(shown(key, value) + " is not a whole number: write digits only, e.g. " + Math.max(min, 5));
            }
        };
    }

    /** A duration as {@link Durations} reads it (60s, 5m, PT1M). */
    static ValueRule duration(boolean positive) {
        return (key, value) -> {
            try {
                return atLeast(key, value, Durations.parse(value), positive);
            } catch (IllegalArgumentException e) {
                return Optional.of(key + "=" + e.getMessage());
            }
        };
    }

    /** An ISO-8601 duration (PT10M, P1D), as {@link Duration#parse} reads it. */
    static ValueRule isoDuration(boolean positive) {
        return (key, value) -> {
            try {
                return atLeast(key, value, Duration.parse(value), positive);
            } catch (DateTimeParseException e) {
                return Optional.of(shown(key, value) + " is not an ISO-8601 duration: write e.g. PT10M, PT2H or P1D");
            }
        };
    }

    private static Optional<String> atLeast(String key, String value, Duration duration, boolean positive) {
        if (duration.isNegative() || (positive && duration.isZero())) {
            return Optional.of(shown(key, value) + " must be " + (positive ? "longer than 0" : "0 or longer"));
        }
        return Optional.empty();
    }

    static ValueRule url() {
        return (key, value) -> httpUrl(value) ? Optional.empty()
                : Optional.of(shown(key, value) + " is not an http(s) URL: write it whole, e.g. https://host.example.com:8443");
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A Quartz cron expression, as the poll route's Quartz trigger reads it. */
    static ValueRule cron() {
        return (key, value) -> {
            try {
                CronExpression.validateExpression(value);
                return Optional.empty();
            } catch (ParseException e) {
                return Optional.of(shown(key, value) + " is not a Quartz cron expression (" + e.getMessage()
                        + "): write seconds minutes hours day-of-month month day-of-week, e.g. 0 0/5 * * * ?");
            }
        };
    }

    static ValueRule backfillStart() {
        return (key, value) -> {
            try {
                BackfillStart.from(value, Instant.now());
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** An entry of the relay.severity.* table ({@code high/4}). */
    static ValueRule severityEntry() {
        return (key, value) -> {
            try {
                SeverityScale.parse(key.substring("relay.severity.".length()), value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** A threshold: a name of the severity table or an OCSF severity caption. */
    static ValueRule severityName(Collection<Severity> table) {
        return (key, value) -> {
            try {
                SeverityScale.idOfName(value, table);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(key + ": " + e.getMessage() + ", or leave it empty for all");
            }
        };
    }

    private static String shown(String key, String value) {
        return key + "='" + value + "'";
    }
}
