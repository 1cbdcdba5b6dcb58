package io.defenderrelay.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private PollSettings settings(String backfill) {
        return new PollSettings(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), backfill);
    }

    @Test
    void backfillIsCutIntoWindowsEndingBehindNow() {
        List<Window> windows = new WindowPlanner(new FileCheckpointStore(dir), settings("P1D"), new SeenAlerts(), clock).plan("t");
        assertEquals(now.minus(Duration.ofDays(1)), windows.get(0).start());
        assertEquals(now.minus(Duration.ofMinutes(2)), windows.get(windows.size() - 1).end());
        assertEquals(24, windows.size(), "24 h less the 2 min delay, in windows of at most 1 h");
    }

    @Test
    void withoutBackfillStartsNowAndRemembersIt() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        assertTrue(new WindowPlanner(store, settings(""), new SeenAlerts(), clock).plan("t").isEmpty());
        assertEquals(now, store.load("t").orElseThrow().windowEnd());
    }

    @Test
    void resumesFromTheCheckpointMinusTheLookback() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = new WindowPlanner(store, settings("P1D"), new SeenAlerts(), clock);
        planner.completed("t", Window.of(now.minusSeconds(7200), now.minusSeconds(3600)));
        planner.completed("t", Window.of(now.minusSeconds(9000), now.minusSeconds(7200)));
        assertEquals(now.minusSeconds(3600), store.load("t").orElseThrow().windowEnd(), "never moves backwards");
        assertEquals(now.minusSeconds(3600).minus(Duration.ofMinutes(10)), planner.plan("t").get(0).start());
    }

    @Test
    void partitionsDoNotMoveTheCheckpoint() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        WindowPlanner planner = new WindowPlanner(store, settings("P1D"), new SeenAlerts(), clock);
        planner.completed("t", Window.of(now.minusSeconds(60), now).withEquals("severity", "high"));
        assertTrue(store.load("t").isEmpty());
    }

    @Test
    void explainsABadBackfillStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowPlanner(new FileCheckpointStore(dir), settings("last week"), new SeenAlerts(), clock).plan("t"));
        assertTrue(e.getMessage().contains("relay.backfill.start"));
    }
}
