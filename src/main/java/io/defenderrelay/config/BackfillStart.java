package io.defenderrelay.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** relay.backfill.start: where a tenant without checkpoint starts reading, an instant or a period before now. */
public final class BackfillStart {
    private BackfillStart() {
    }

    /** An ISO-8601 instant, a duration before {@code now}, or {@code now} when empty. */
    public static Instant from(String value, Instant now) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            return now;
        }
        try {
            return instantOrPeriodBefore(text, now);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("relay.backfill.start='" + text + "' is neither an ISO-8601 instant "
                    + "(2026-11-01T00:00:00Z) nor a duration (P7D, PT12H); fix it or leave it empty to start now", e);
        }
    }

    /** An ISO-8601 instant (2026-11-01T00:00:00Z), or a period (P7D, PT12H) before {@code now}. */
    public static Instant instantOrPeriodBefore(String text, Instant now) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return now.minus(Duration.parse(text));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant (2026-11-01T00:00:00Z) nor"
                    + " a period before now (P7D, PT12H)", e);
        }
    }
}
