package io.defenderrelay.config;

import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Durations of relay.poll.interval, relay.token.timeout and relay.certificate.expiry-warning: Camel's 60s, 5m, 1h30m,
 * 500ms, 30d (or plain milliseconds), or ISO-8601 (PT1M, P1D).
 */
public final class Durations {
    /** What Camel's TimeUtils reads; it reads anything else as 0 or fails on the first letter. */
    private static final Pattern CAMEL = Pattern.compile("\\d{1,12}|(\\d{1,9}(ms|s|m|h|d))+");

    private Durations() {
    }

    public static Duration parse(String value) {
        String text = value.trim();
        if (text.startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw notADuration(text, e);
            }
        }
        if (!CAMEL.matcher(text).matches()) {
            throw notADuration(text, null);
        }
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
    }

    private static IllegalArgumentException notADuration(String text, Exception cause) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 60s, 5m, 1h30m, 30d or PT1M", cause);
    }
}
