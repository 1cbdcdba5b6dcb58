package io.defenderrelay.graph;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowSplitterTest {

    private final WindowSplitter splitter = new WindowSplitter(800);
    private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void splitsByTimeIntoContiguousSlicesSizedByCount() {
        Window window = Window.of(t0, t0.plusSeconds(3600));
        List<Window> parts = splitter.split(window, 8000);
        assertEquals(10, parts.size());
        assertEquals(window.start(), parts.get(0).start());
        assertEquals(window.end(), parts.get(parts.size() - 1).end());
        for (int i = 1; i < parts.size(); i++) {
            assertEquals(parts.get(i - 1).end(), parts.get(i).start(), "no gap, no overlap");
        }
        assertTrue(parts.stream().allMatch(Window::timeOnly));
    }

    @Test
    void anInstantThatOverflowsIsPartitionedByCreatedTimeThenByEnums() {
        Window instant = Window.of(t0, t0.plusNanos(100));
        List<Window> byCreated = splitter.split(instant, 3000);
        assertEquals(1, byCreated.size());
        assertTrue(byCreated.get(0).createdFrom().isBefore(t0));
        assertEquals(t0.plusNanos(100), byCreated.get(0).createdTo(), "created ranges cover everything up to the instant");

        Window createdInstant = instant.withCreated(t0.minusSeconds(5), t0.minusSeconds(5).plusNanos(100));
        List<Window> bySeverity = splitter.split(createdInstant, 3000);
        assertEquals(WindowSplitter.ENUMS.get("severity").size(), bySeverity.size());
        assertTrue(bySeverity.get(0).filter().contains("severity eq 'unknown'"));

        Window allUsed = createdInstant.withEquals("severity", "high").withEquals("serviceSource", "unknown")
                .withEquals("status", "new");
        assertThrows(WindowOverflowException.class, () -> splitter.split(allUsed, 3000));
    }

    @Test
    void filterCarriesGraphPrecision() {
        Window window = Window.of(t0, t0.plusNanos(1234567800));
        assertEquals("lastUpdateDateTime ge 2026-11-01T00:00:00.0000000Z and lastUpdateDateTime lt 2026-11-01T00:00:01.2345678Z",
                window.filter());
    }
}
