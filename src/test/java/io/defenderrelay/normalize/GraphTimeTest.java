package io.defenderrelay.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphTimeTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-10-01T00:12:09Z", "2026-10-01T00:12:09.7Z", "2026-10-01T00:12:09.78Z",
            "2026-10-01T00:12:09.786Z", "2026-10-01T00:12:09.7866Z", "2026-10-01T00:12:09.78666Z",
            "2026-10-01T00:12:09.786666Z", "2026-10-01T00:12:09.7866667Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.9999999Z", "0001-01-01T00:00:00Z"})
    void parsesGraphTimestampsWithZeroToSevenFractionDigitsAsJavaTimeDoes(String text) {
        assertEquals(Instant.parse(text).toEpochMilli(), GraphTime.toEpochMilli(text));
    }

    @Test
    void acceptsExplicitOffset() {
        assertEquals(Instant.parse("2026-10-01T00:12:09Z").toEpochMilli(),
                GraphTime.toEpochMilli("2026-10-01T02:12:09+02:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-10-01T24:00:00Z",
            "2026-10-01T00:60:00Z", "2026-10-01T00:00:60Z", "2026-10-01T00:00:00", "2026-10-01",
            "2026-10-01T00:00:0aZ", "２０２６-10-01T00:00:00Z", "2026-10-01T00:00:00.１Z",
            "+999999999-12-31T23:59:59Z"})
    void rejectsTextThatIsNotAZonedTimestamp(String text) {
        assertThrows(DateTimeException.class, () -> GraphTime.toEpochMilli(text));
    }
}
