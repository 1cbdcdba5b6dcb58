package io.defenderrelay.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GraphTimeTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsSevenFractionalDigitsLikeTheReferenceFormatter() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(10_000_000) * 100L);
            assertEquals(REFERENCE.format(instant), GraphTime.format(instant));
            assertEquals(REFERENCE.format(instant), GraphTime.format(GraphTime.ticks(instant)));
            assertEquals(instant, GraphTime.instant(GraphTime.ticks(instant)));
        }
    }

    @Test
    void signsYearsBeforeZeroAndAfter9999LikeTheReferenceFormatter() {
        SplittableRandom random = new SplittableRandom(7);
        long yearMinus9999 = -377_705_116_800L;
        long year99999 = 3_093_496_416_000L;
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(yearMinus9999, year99999), random.nextInt(1_000_000_000));
            assertEquals(REFERENCE.format(instant), GraphTime.format(instant));
        }
    }

    @Test
    void truncatesNanosecondsToTicks() {
        Instant instant = Instant.parse("2026-10-01T00:00:00.123456789Z");
        assertEquals("2026-10-01T00:00:00.1234567Z", GraphTime.format(instant));
        assertEquals(GraphTime.ticks(Instant.parse("2026-10-01T00:00:00Z")) + 1_234_567, GraphTime.ticks(instant));
        assertEquals(12_345_678, GraphTime.ticks(Duration.ofNanos(1_234_567_899)));
        assertEquals(1, GraphTime.ticks(GraphTime.TICK));
    }

    @Test
    void parsesODataLiteralsWithZeroToSevenDigitsAndOffsets() {
        long base = GraphTime.ticks(Instant.parse("2026-10-01T00:00:00Z"));
        assertEquals(base, GraphTime.parseLiteral("2026-10-01T00:00:00Z"));
        assertEquals(base, GraphTime.parseLiteral("2026-10-01T00:00Z"));
        assertEquals(base + 1, GraphTime.parseLiteral("2026-10-01T00:00:00.0000001Z"));
        assertEquals(base, GraphTime.parseLiteral("2026-10-01T02:00:00.0+02:00"));
        assertNull(GraphTime.parseLiteral("2026-10-01T00:00:00.00000001Z"));
        assertNull(GraphTime.parseLiteral("2026-10-01"));
        assertNull(GraphTime.parseLiteral("2026-13-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-10-01T00:12:09Z", "2026-10-01T00:12:09.7Z", "2026-10-01T00:12:09.78Z",
            "2026-10-01T00:12:09.786Z", "2026-10-01T00:12:09.7866Z", "2026-10-01T00:12:09.78666Z",
            "2026-10-01T00:12:09.786666Z", "2026-10-01T00:12:09.7866667Z", "2026-10-01T00:12:09.78666678Z",
            "2026-10-01T00:12:09.786666789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "2024-02-29T23:59:59.9999999Z", "0001-01-01T00:00:00Z"})
    void parsesGraphTimestampsWithZeroToNineFractionDigitsAsJavaTimeDoes(String text) {
        assertEquals(Instant.parse(text), GraphTime.parse(text));
        assertEquals(Instant.parse(text).toEpochMilli(), GraphTime.toEpochMilli(text));
    }

    @Test
    void acceptsExplicitOffset() {
        Instant utc = Instant.parse("2026-10-01T00:12:09Z");
        assertEquals(utc, GraphTime.parse("2026-10-01T02:12:09+02:00"));
        assertEquals(utc.toEpochMilli(), GraphTime.toEpochMilli("2026-10-01T02:12:09+02:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-10-01T24:00:00Z",
            "2026-10-01T00:60:00Z", "2026-10-01T00:00:60Z", "2026-10-01T00:00:00", "2026-10-01",
            "2026-10-01T00:00:0aZ", "２０２６-10-01T00:00:00Z", "2026-10-01T00:00:00.１Z",
            "2026-10-01T00:00:00.1234567890Z"})
    void rejectsTextThatIsNotAZonedTimestamp(String text) {
        assertThrows(DateTimeException.class, () -> GraphTime.parse(text));
        assertThrows(DateTimeException.class, () -> GraphTime.toEpochMilli(text));
    }

    @Test
    void rejectsEpochMillisecondsBeyondALong() {
        assertThrows(DateTimeException.class, () -> GraphTime.toEpochMilli("+999999999-12-31T23:59:59Z"));
    }
}
