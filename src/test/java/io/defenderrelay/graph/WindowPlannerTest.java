package io.defenderrelay.graph;

import io.defenderrelay.testing.InMemoryMetrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowPlannerTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final GraphClock graphClock = new GraphClock(clock);
    private final LateAlerts late = new LateAlerts(Duration.ofMinutes(10), new ReadProgress());

    private PollSettings settings(String backfill) {
        return new PollSettings(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), backfill, Duration.ZERO);
    }

    @Test
    void backfillIsCutIntoWindowsEndingBehindNow() {
        List<Window> windows = new WindowPlanner(new FileCheckpointStore(dir), settings("P1D"), new SeenAlerts(InMemoryMetrics.create()), new ReadProgress(), late, graphClock).plan("t");
        assertEquals(now.minus(Duration.ofDays(1)), windows.get(0).start());
        assertEquals(now.minus(Duration.ofMinutes(2)), windows.get(windows.size() - 1).end());
        assertEquals(24, windows.size(), "24 h less the 2 min delay, in windows of at most 1 h");
    }

    @Test
    void withoutBackfillStartsNowAndRemembersIt() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        assertTrue(new WindowPlanner(store, settings(""), new SeenAlerts(InMemoryMetrics.create()), new ReadProgress(), late, graphClock).plan("t").isEmpty());
        assertEquals(now, store.load("t").orElseThrow().windowEnd());
    }

    private static final URI GRAPH = URI.create("https://graph.example");

    /** A read of {@code window} that Graph answered with {@code status} and these alert ids (all counted). */
    private static WindowRead read(Window window, WindowRead parent, int status, String... ids) {
        WindowRead read = new WindowRead(window, GRAPH, parent);
        String value = String.join(",", java.util.Arrays.stream(ids)
                .map(id -> "{\"id\":\"" + id + "\",\"lastUpdateDateTime\":\"" + window.start() + "\"}").toList());
        for (int i = 0; i <= WindowRead.REREADS && read.nextLink() != null; i++) {
            read.accept(status, status == 206 ? "199 - \"Microsoft/MDC/Failed/1\"" : null,
                    new ByteArrayInputStream(("{\"@odata.count\":" + ids.length + ",\"value\":[" + value + "]}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        return read;
    }

    private final SeenAlerts seen = new SeenAlerts(InMemoryMetrics.create());

    private WindowPlanner planner(FileCheckpointStore store, ReadProgress progress) {
        return new WindowPlanner(store, settings("P1D"), seen, progress, late, graphClock);
    }

    @Test
    void resumesFromTheCheckpointMinusTheLookback() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = planner(store, new ReadProgress());
        planner.readCompleted("t", read(Window.of(now.minusSeconds(7200), now.minusSeconds(3600)), null, 200));
        planner.readCompleted("t", read(Window.of(now.minusSeconds(9000), now.minusSeconds(7200)), null, 200));
        assertEquals(now.minusSeconds(3600), store.load("t").orElseThrow().windowEnd(), "never moves backwards");
        assertEquals(now.minusSeconds(3600).minus(Duration.ofMinutes(10)), planner.plan("t").get(0).start());
    }

    @Test
    void partitionsDoNotMoveTheCheckpointButAreRememberedAsDone() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = planner(store, new ReadProgress());
        Window hour = Window.of(now.minusSeconds(3600), now.minusSeconds(300));
        planner.readCompleted("t", read(hour, null, 200));
        Window part = Window.of(now.minusSeconds(60), now).withEquals("severity", "high");
        planner.readCompleted("t", read(part, null, 200, "a", "b"));
        Checkpoint saved = store.load("t").orElseThrow();
        assertEquals(hour.end(), saved.windowEnd());
        assertEquals(java.util.Map.of(part.filter(), 2L), saved.doneParts());

        ReadProgress restarted = new ReadProgress();
        planner(store, restarted).plan("t");
        assertEquals(2L, restarted.donePart("t", part).orElseThrow(), "a restart reads only the parts still missing");
        planner(store, restarted).readCompleted("t", read(Window.of(hour.end(), now.minusSeconds(100)), null, 200));
        assertTrue(store.load("t").orElseThrow().doneParts().isEmpty(), "forgotten once the checkpoint passed them");
    }

    @Test
    void aWindowAnsweredPartiallyIsPassedAndReadFirstUntilAnsweredInFull() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = planner(store, new ReadProgress());
        Window hour = Window.of(now.minusSeconds(7200), now.minusSeconds(3600));
        WindowRead partial = read(hour, null, 206, "a");
        seen.remember("t", partial);
        planner.readCompleted("t", partial);
        Checkpoint saved = store.load("t").orElseThrow();
        assertEquals(hour.end(), saved.windowEnd(), "later windows are not held up");
        assertEquals(List.of(hour), saved.incomplete());
        assertTrue(saved.recent().contains("a@" + hour.start()), "what it delivered is kept, so no re-read repeats it");

        WindowPlanner restarted = planner(store, new ReadProgress());
        assertEquals(hour, restarted.plan("t").get(0));
        restarted.readCompleted("t", read(hour, null, 200, "a", "b"));
        assertTrue(store.load("t").orElseThrow().incomplete().isEmpty());
    }

    @Test
    void anEnumerationShortOfTheCountIsReadAgainThenAccepted() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = planner(store, new ReadProgress());
        Window tick = Window.of(now.minusSeconds(60), now.minusSeconds(60).plusNanos(100)).withCreated(null, now);
        for (int attempt = 1; attempt <= WindowPlanner.SHORT_READS; attempt++) {
            WindowRead parent = new WindowRead(tick, GRAPH);
            parent.accept(200, null, new ByteArrayInputStream("{\"@odata.count\":3000,\"value\":[{\"id\":\"a\"}]}"
                    .getBytes(StandardCharsets.UTF_8)));
            parent.enumerated();
            planner.readCompleted("t", read(tick.withEquals("status", "new"), parent, 200, "a", "b"));
            if (attempt < WindowPlanner.SHORT_READS) {
                WindowShortfallException shortfall = assertThrows(WindowShortfallException.class,
                        () -> planner.readCompleted("t", parent));
                assertTrue(shortfall.getMessage().contains("found 2 alerts, Graph counted 3000"), shortfall.getMessage());
            } else {
                planner.readCompleted("t", parent);
            }
        }
    }

    @Test
    void plansOnGraphsClockAsItsDateHeaderShowsIt() {
        graphClock.observe("t", "Mon, 23 Nov 2026 11:59:20 GMT");
        List<Window> windows = new WindowPlanner(new FileCheckpointStore(dir), settings("PT1H"), new SeenAlerts(InMemoryMetrics.create()),
                new ReadProgress(), late, graphClock).plan("t");
        assertEquals(now.minusSeconds(40).minus(Duration.ofMinutes(2)), windows.get(windows.size() - 1).end(),
                "Graph is 40 s behind: windows end behind its now");
    }

    @Test
    void everyTenthPollAlsoAuditsTheSpanBehindTheLookback() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        store.save(new Checkpoint("t", now.minusSeconds(300), now, List.of()));
        WindowPlanner planner = new WindowPlanner(store, new PollSettings(Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofHours(1), "", Duration.ofMinutes(30)), new SeenAlerts(InMemoryMetrics.create()), new ReadProgress(), late, graphClock);
        Instant lookbackStart = now.minusSeconds(300).minus(Duration.ofMinutes(10));
        for (int poll = 1; poll < PollSettings.AUDIT_EVERY; poll++) {
            assertEquals(lookbackStart, planner.plan("t").get(0).start());
        }
        List<Window> audited = planner.plan("t");
        assertEquals(Window.of(lookbackStart.minus(Duration.ofMinutes(30)), lookbackStart), audited.get(0));
        assertEquals(lookbackStart, audited.get(1).start());
    }

    @Test
    void explainsABadBackfillStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowPlanner(new FileCheckpointStore(dir), settings("last week"), new SeenAlerts(InMemoryMetrics.create()), new ReadProgress(), late, graphClock).plan("t"));
        assertTrue(e.getMessage().contains("relay.backfill.start"));
    }
}
