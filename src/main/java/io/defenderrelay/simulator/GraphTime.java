package io.defenderrelay.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Graph's timestamps: 100 ns "ticks" (the precision of its 7 fractional digits) kept as a long so a million alerts
 * cost no Instant objects, printed as ISO-8601 with 7 fractional digits and {@code Z}.
 */
final class GraphTime {
    static final long TICKS_PER_SECOND = 10_000_000L;
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

    static long ticks(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), TICKS_PER_SECOND), duration.getNano() / 100);
    }

    /** Hand-rolled: this runs some fifteen times per rendered alert and DateTimeFormatter dominated the profile. */
    static String format(long ticks) {
        long seconds = Math.floorDiv(ticks, TICKS_PER_SECOND);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(28);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2).append('.');
        return pad(text, Math.floorMod(ticks, TICKS_PER_SECOND), 7).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
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
