package io.defenderrelay.simulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GraphTimeTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsSevenFractionalDigitsLikeTheReferenceFormatter() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(10_000_000) * 100L);
            assertEquals(REFERENCE.format(instant), GraphTime.format(instant));
            assertEquals(instant, GraphTime.instant(GraphTime.ticks(instant)));
        }
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
}
