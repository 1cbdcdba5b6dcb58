package io.defenderrelay.graph;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowSplitterTest {

    private final WindowSplitter splitter = new WindowSplitter(800);
    private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    private final Window hour = Window.of(t0, t0.plusSeconds(3600));

    private static ObjectNode alert(Instant updated, Instant created, String status, String serviceSource) {
        return Json.mapper().createObjectNode().put("lastUpdateDateTime", GraphTime.format(updated))
                .put("createdDateTime", GraphTime.format(created)).put("status", status).put("serviceSource", serviceSource)
                .put("severity", "high");
    }

    private static List<JsonNode> repeat(int count, ObjectNode alert) {
        List<JsonNode> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(alert);
        }
        return alerts;
    }

    private static void assertContiguous(Window window, List<Window> parts) {
        assertEquals(window.start(), parts.get(0).start());
        assertEquals(window.end(), parts.get(parts.size() - 1).end());
        for (int i = 1; i < parts.size(); i++) {
            assertEquals(parts.get(i - 1).end(), parts.get(i).start(), "no gap, no overlap");
        }
    }

    @Test
    void cutsTimeWhereThePageShowsTheAlertsSizedByTheCount() {
        List<JsonNode> sample = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // in no order of time: the page stands for the whole window
            sample.add(alert(t0.plusSeconds(i * 7L % 1000 * 3L), t0, "new", "microsoftDefenderForEndpoint"));
        }
        List<Window> parts = splitter.split(hour, 8000, PagedAlerts.of(sample), 0);
        // each sampled alert stands for 8: at most 100 of them per part of about 800
        assertEquals(10, parts.size(), parts.toString());
        assertContiguous(hour, parts);
        assertTrue(parts.stream().allMatch(Window::timeOnly));
        assertEquals(t0.plusSeconds(300), parts.get(1).start(), "cuts fall on the sampled instants");
    }

    /** 2 100 alerts evenly over the hour, oldest first. */
    private List<Instant> evenlyOverTheHour() {
        List<Instant> updates = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            updates.add(t0.plusMillis(i * 3_600_000L / 2100));
        }
        return updates;
    }

    private static List<JsonNode> page(List<Instant> updates) {
        return updates.stream().map(at -> (JsonNode) alert(at, at, "new", "microsoftDefenderForEndpoint")).toList();
    }

    private static void assertEachPartFitsOnePage(List<Window> parts, List<Instant> updates) {
        for (Window part : parts) {
            long holds = updates.stream().filter(at -> !at.isBefore(part.start()) && at.isBefore(part.end())).count();
            assertTrue(holds <= 1000, part + " holds " + holds + " alerts, more than one query returns");
        }
    }

    @Test
    void aPageInGraphsOrderIsExactWhereItReachesAndTheRestIsSpreadOverTheWindow() {
        List<Instant> updates = evenlyOverTheHour();
        // Graph sends the newest first: the page held the newest 1000, listed oldest first
        List<Window> parts = splitter.split(hour, 2100, PagedAlerts.of(page(updates.subList(1100, 2100))), 0);
        assertEquals(3, parts.size(), "2 100 alerts in parts of about 800: " + parts);
        assertContiguous(hour, parts);
        assertEachPartFitsOnePage(parts, updates);
    }

    @Test
    void aCountNoWindowCouldHoldIsSpreadOverBoundedPoints() {
        List<Instant> updates = evenlyOverTheHour();
        long started = System.nanoTime();
        List<Window> parts = splitter.split(hour, Long.MAX_VALUE / 2, PagedAlerts.of(page(updates.subList(1100, 2100))),
                0);
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "split in bounded time");
        assertTrue(parts.size() <= 2 * 4096 + 1000, parts.size() + " parts");
        assertContiguous(hour, parts);
    }

    @Test
    void aPageInTheReverseOrderIsTakenMirrored() {
        List<Instant> updates = evenlyOverTheHour();
        List<JsonNode> oldestThousand = new ArrayList<>(page(updates.subList(0, 1000)));
        Collections.reverse(oldestThousand);
        List<Window> parts = splitter.split(hour, 2100, PagedAlerts.of(oldestThousand), 0);
        assertEquals(3, parts.size(), parts.toString());
        assertContiguous(hour, parts);
        assertEachPartFitsOnePage(parts, updates);
    }

    @ParameterizedTest
    @ValueSource(ints = {1200, 12_200})
    void anInstantHolderOfMostAlertsGetsAPartOfOneTickAtOnce(int count) {
        // a bulk action at one instant: the newest-first page shows 1 000 of it and nothing older, so the alerts it
        // could not show are most likely at that instant too, not spread over the hour before it
        Instant burst = t0.plusSeconds(1800);
        List<JsonNode> sample = repeat(1000, alert(burst, burst, "resolved", "microsoftDefenderForEndpoint"));
        List<Window> parts = splitter.split(hour, count, PagedAlerts.of(sample), 0);
        assertEquals(List.of(Window.of(t0, burst), Window.of(burst, burst.plus(GraphTime.TICK)),
                Window.of(burst.plus(GraphTime.TICK), hour.end())), parts);
    }

    @Test
    void insideOneInstantCutsCreatedTimeWithOpenEnds() {
        Window instant = Window.of(t0, t0.plus(GraphTime.TICK));
        Instant created = t0.minusSeconds(60);
        List<Window> parts = splitter.split(instant, 1200,
                PagedAlerts.of(repeat(1000, alert(t0, created, "resolved", "x"))), 0);
        assertEquals(3, parts.size(), parts.toString());
        assertNull(parts.get(0).createdFrom(), "everything created before the sampled instant");
        assertEquals(created, parts.get(0).createdTo());
        assertEquals(created, parts.get(1).createdFrom());
        assertEquals(created.plus(GraphTime.TICK), parts.get(1).createdTo());
        assertNull(parts.get(2).createdTo(), "everything created after it");
        assertTrue(parts.get(2).filter().contains("createdDateTime ge ") && !parts.get(2).filter().contains("createdDateTime lt"));
    }

    @Test
    void insideOneCreatedInstantEnumeratesDocumentedAndObservedValues() {
        Window tick = Window.of(t0, t0.plus(GraphTime.TICK)).withCreated(t0, t0.plus(GraphTime.TICK));
        List<JsonNode> sample = repeat(1000, alert(t0, t0, "resolved", "microsoftFutureProduct"));
        List<Window> byStatus = splitter.split(tick, 1500, PagedAlerts.of(sample), 0);
        assertEquals("resolved", byStatus.get(0).equals().get("status"), "the value the page shows most comes first");
        assertEquals(WindowSplitter.ENUMS.get("status").size(), byStatus.size());
        assertTrue(WindowSplitter.enumerates(tick, byStatus.get(0)));

        Window resolved = byStatus.get(0);
        List<Window> bySeverity = splitter.split(resolved, 1500, PagedAlerts.of(sample), 0);
        assertTrue(bySeverity.stream().allMatch(w -> w.equals().containsKey("severity")));
        List<Window> bySource = splitter.split(resolved, 1500, PagedAlerts.of(sample), 1);
        assertEquals("microsoftFutureProduct", bySource.get(0).equals().get("serviceSource"),
                "a later read enumerates another property, including values only the page shows");

        Window allUsed = resolved.withEquals("severity", "high").withEquals("serviceSource", "x");
        assertThrows(WindowOverflowException.class, () -> splitter.split(allUsed, 1500, PagedAlerts.of(sample), 0));
    }

    @Test
    void enumeratesThePropertyThePagePredictsFewestRequestsFor() {
        // status: two values of 750 each, one read apiece (5 values); serviceSource spreads more evenly (largest
        // share 45 %) but takes 14 reads; severity is one value of 1 500, which would need a second enumeration
        Window tick = Window.of(t0, t0.plus(GraphTime.TICK)).withCreated(t0, t0.plus(GraphTime.TICK));
        List<String> sources = WindowSplitter.ENUMS.get("serviceSource");
        List<JsonNode> sample = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String source = i % 20 < 9 ? "microsoftDefenderForEndpoint" : sources.get(2 + i % 11);
            sample.add(alert(t0, t0, i % 2 == 0 ? "new" : "resolved", source));
        }
        List<Window> parts = splitter.split(tick, 1500, PagedAlerts.of(sample), 0);
        assertTrue(parts.stream().allMatch(w -> w.equals().containsKey("status")), parts.toString());
        assertEquals(WindowSplitter.ENUMS.get("status").size(), parts.size());
    }

    @Test
    void neverPutsAnOddValueFromAPageIntoAFilter() {
        Window tick = Window.of(t0, t0.plus(GraphTime.TICK)).withCreated(t0, t0.plus(GraphTime.TICK));
        List<Window> parts = splitter.split(tick, 1500,
                PagedAlerts.of(repeat(10, alert(t0, t0, "x' or 1 eq 1 or 'a", "y"))), 0);
        assertEquals(WindowSplitter.ENUMS.get("status"), parts.stream().map(w -> w.equals().get("status")).toList());
    }

    @Test
    void quotesValuesAsODataLiterals() {
        assertTrue(hour.withEquals("status", "it's").filter().endsWith("status eq 'it''s'"));
    }

    @Test
    void filterCarriesGraphPrecision() {
        Window window = Window.of(t0, t0.plusNanos(1234567800));
        assertEquals("lastUpdateDateTime ge 2026-11-01T00:00:00.0000000Z and lastUpdateDateTime lt 2026-11-01T00:00:01.2345678Z",
                window.filter());
    }
}
