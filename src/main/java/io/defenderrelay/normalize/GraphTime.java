package io.defenderrelay.normalize;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Graph timestamps ({@code 2026-10-01T00:12:09.7866667Z}: 0-7 fractional digits, UTC) to OCSF epoch milliseconds.
 * The exact Graph shape is parsed by hand because java.time's formatter dominates the normalizer's profile;
 * anything else (an explicit offset, say) goes through {@link OffsetDateTime}.
 */
final class GraphTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

    private GraphTime() {
    }

    /** @throws DateTimeException when the text is not an ISO-8601 date-time with a zone, or too far out */
    static long toEpochMilli(String text) {
        if (isGraphShape(text)) {
            LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeException("time of day out of range");
            }
            return date.toEpochDay() * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L
                    + fractionMillis(text);
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

    /** The first three fractional digits, zero-padded; finer digits are truncated. */
    private static long fractionMillis(String text) {
        int zone = text.length() - 1;
        int millis = 0;
        for (int i = 20; i < 23; i++) {
            millis = millis * 10 + (i < zone ? text.charAt(i) - '0' : 0);
        }
        return millis;
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
