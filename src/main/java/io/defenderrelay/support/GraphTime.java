package io.defenderrelay.support;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Microsoft Graph timestamps ({@code 2026-10-01T00:12:09.7866667Z}): 100 ns "ticks" (the precision of its 7 fractional
 * digits), printed with exactly 7 fractional digits and {@code Z}. Ticks are kept as a long so the simulator's million
 * alerts cost no Instant objects. Printing and parsing Graph's exact shape are hand-rolled because java.time's
 * formatter dominated the profiles of both the simulator and the normalizer; other ISO-8601 shapes (an explicit
 * offset, say) go through {@link OffsetDateTime}.
 */
public final class GraphTime {
    public static final long TICKS_PER_SECOND = 10_000_000L;
    /** Graph's resolution: nothing narrower can be expressed in a $filter. */
    public static final Duration TICK = Duration.ofNanos(100);
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    /** OData DateTimeOffset literals: 0-7 fractional digits, Z or an offset. */
    private static final Pattern LITERAL =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,7})?)?(Z|[+-]\\d{2}:\\d{2})");

    private GraphTime() {
    }

    public static long ticks(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND), instant.getNano() / 100);
    }

    public static long ticks(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), TICKS_PER_SECOND), duration.getNano() / 100);
    }

    public static Instant instant(long ticks) {
        return Instant.ofEpochSecond(Math.floorDiv(ticks, TICKS_PER_SECOND),
                Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
    }

    /** Finer digits than 100 ns are truncated. */
    public static String format(Instant instant) {
        return format(instant.getEpochSecond(), instant.getNano() / 100);
    }

    public static String format(long ticks) {
        return format(Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND));
    }

    /** Prints years as {@code uuuu} does: a sign before negative years and before years past 9999. */
    private static String format(long epochSecond, long tickOfSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(28);
        int year = time.getYear();
        if (year < 0) {
            text.append('-');
        } else if (year > 9999) {
            text.append('+');
        }
        pad(text, Math.abs(year), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2).append('.');
        return pad(text, tickOfSecond, 7).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    /** Ticks of a $filter timestamp literal; null when it is not one Graph would accept. */
    public static Long parseLiteral(String text) {
        if (!LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return ticks(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A timestamp of an alert's JSON: any ISO-8601 date-time with a zone.
     *
     * @throws DateTimeException when the text is not one
     */
    public static Instant parse(String text) {
        if (isGraphShape(text)) {
            return Instant.ofEpochSecond(epochSecond(text), fraction(text, 9));
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    /**
     * {@link #parse} to OCSF epoch milliseconds, without an Instant on Graph's own shape; finer digits are truncated.
     *
     * @throws DateTimeException when the text is not an ISO-8601 date-time with a zone, or too far out
     */
    public static long toEpochMilli(String text) {
        if (isGraphShape(text)) {
            return epochSecond(text) * 1000L + fraction(text, 3);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (ArithmeticException e) {
            throw new DateTimeException("outside the epoch-millisecond range: " + text, e);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, checked character by character. */
    private static boolean isGraphShape(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return false;
        }
        for (int i : DIGIT_POSITIONS) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        if (length == 20) {
            return true;
        }
        if (text.charAt(19) != '.' || length == 21) {
            return false;
        }
        for (int i = 20; i < length - 1; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The epoch second of a text in Graph's shape. */
    private static long epochSecond(String text) {
        LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeException("time of day out of range: " + text);
        }
        return date.toEpochDay() * SECONDS_PER_DAY + (hour * 60L + minute) * 60L + second;
    }

    /** The first {@code places} fractional digits of a text in Graph's shape, zero-padded. */
    private static int fraction(String text, int places) {
        int zone = text.length() - 1;
        int value = 0;
        for (int i = 20; i < 20 + places; i++) {
            value = value * 10 + (i < zone ? text.charAt(i) - '0' : 0);
        }
        return value;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
