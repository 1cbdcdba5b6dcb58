package io.defenderrelay.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Graph's timestamps: 100 ns "ticks" (the precision of its 7 fractional digits) kept as a long so a million alerts
 * cost no Instant objects, printed as ISO-8601 with 7 fractional digits and {@code Z}.
 */
final class GraphTime {
    static final long TICKS_PER_SECOND = 10_000_000L;
    private static final DateTimeFormatter SEVEN_DIGITS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    /** OData DateTimeOffset literals: 0-7 fractional digits, Z or an offset. */
    private static final Pattern LITERAL =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,7})?)?(Z|[+-]\\d{2}:\\d{2})");

    private GraphTime() {
    }

    static long ticks(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND), instant.getNano() / 100);
    }

    static Instant instant(long ticks) {
        return Instant.ofEpochSecond(Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
    }

    static long ticks(java.time.Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), TICKS_PER_SECOND), duration.getNano() / 100);
    }

    static String format(long ticks) {
        return SEVEN_DIGITS.format(instant(ticks));
    }

    static String format(Instant instant) {
        return format(ticks(instant));
    }

    /** Parses a $filter timestamp literal; null when it is not one Graph would accept. */
    static Long parseLiteral(String text) {
        if (!LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return ticks(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses a timestamp in an alert's JSON (any ISO-8601 instant). */
    static long parseJson(String text) {
        return ticks(OffsetDateTime.parse(text).toInstant());
    }
}
