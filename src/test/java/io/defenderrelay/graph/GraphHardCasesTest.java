package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.FaultPlan;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.RelayProcess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Graph does that a simple reader gets wrong: one-instant bursts, unknown values, a provider down, odd paging. */
class GraphHardCasesTest {

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant();
    private final Instant now = Instant.now();

    private Map<String, String> settings() {
        return RelayHarness.settingsFor(tenant, dir, "PT3H");
    }

    private Checkpoint checkpoint() {
        return new FileCheckpointStore(dir.resolve("state")).load("t1").orElseThrow();
    }

    private long alertRequests() {
        return tenant.requests().all().stream().filter(r -> r.kind() == RecordedRequest.Kind.ALERTS).count();
    }

    private static boolean logged(CapturedLog log, String level, String text) {
        return log.lines().stream().anyMatch(line -> line.startsWith(level) && line.contains(text));
    }

    @Test
    void burstsOfOneInstantAreReadInBoundedRequestsWithin256Megabytes() {
        Instant small = now.minus(Duration.ofMinutes(100));
        Instant large = now.minus(Duration.ofMinutes(40));
        tenant.alerts().generateAt(1200, small, small.minus(Duration.ofHours(1)));
        tenant.alerts().generateAt(12_000, large, large.minus(Duration.ofHours(2)));
        tenant.alerts().generate(200, now.minus(Duration.ofHours(2)), now.minusSeconds(5));
        DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
        long requests;
        try (RelayProcess relay = RelayProcess.start(dir, settings(), "-Xmx256m")) {
            try {
                await("13 400 alerts delivered", Duration.ofSeconds(240), Duration.ofMillis(500),
                        () -> out.ids().size() == 13_400 || !relay.isAlive());
                requests = alertRequests();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " (" + out.ids().size() + " so far); the relay said:\n"
                        + relay.log().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(40).toList());
            }
            assertTrue(relay.isAlive(), relay.log());
            assertEquals(13_400, out.all().size(), "each alert once");
            assertFalse(relay.log().contains("OutOfMemoryError"), "no OutOfMemoryError");
        }
        System.out.println("one-instant bursts of 1 200 and 12 000 (+200): " + requests + " alerts_v2 requests");
        // 62..67 when measured (85..115 while the property with the smallest largest share was enumerated first and
        // the unseen alerts of a page all at one instant were spread over the hour before it)
        assertTrue(requests <= 80, requests + " requests");
    }

    @Test
    void aServiceSourceOutsideTheOldListIsNotLost() {
        Instant instant = now.minus(Duration.ofMinutes(30));
        List<String> ids = tenant.alerts().generateAt(1500, instant, instant.minusSeconds(600));
        for (int i = 0; i < ids.size(); i++) {
            ObjectNode alert = tenant.alerts().get(ids.get(i)).deepCopy();
            alert.put("severity", "high").put("status", "resolved");
            if (i % 5 == 0) {
                alert.put("serviceSource", "microsoftSentinel");
            }
            tenant.alerts().put(alert);
        }
        try (RelayHarness relay = RelayHarness.start(dir, settings())) {
            relay.awaitDelivered(Set.copyOf(ids), Duration.ofSeconds(60));
            assertEquals(1500, relay.delivered().size());
            await("the checkpoint past the instant", Duration.ofSeconds(10), () -> checkpoint().windowEnd().isAfter(instant));
        }
    }

    @Test
    void aProviderAnsweringPartiallyDelaysOnlyItsOwnAlerts() {
        String down = "microsoftDefenderForCloud";
        tenant.alerts().generate(900, now.minus(Duration.ofHours(3)), now.minusSeconds(5));
        for (String id : tenant.alerts().ids().subList(0, 60)) {
            tenant.alerts().put(tenant.alerts().get(id).deepCopy().put("serviceSource", down));
        }
        List<String> ofDown = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        for (String id : tenant.alerts().ids()) {
            (down.equals(tenant.alerts().get(id).path("serviceSource").asText()) ? ofDown : healthy).add(id);
        }
        tenant.faults().failProvider(down, true);
        try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
             RelayHarness relay = RelayHarness.start(dir, settings())) {
            relay.awaitDelivered(Set.copyOf(healthy), Duration.ofSeconds(30));
            await("the checkpoint at the last window", Duration.ofSeconds(10),
                    () -> checkpoint().windowEnd().isAfter(now.minusSeconds(5)));
            assertFalse(checkpoint().incomplete().isEmpty(), "the windows still owed are in the checkpoint");
            assertTrue(relay.deliveredIds().stream().noneMatch(ofDown::contains));
            assertTrue(logged(log, "WARN", "only partially"), log.lines().toString());

            tenant.faults().failProvider(down, false);
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            await("no window owed", Duration.ofSeconds(10), () -> checkpoint().incomplete().isEmpty());
            assertEquals(900, relay.delivered().size(), "re-reads deliver only what was left out");
        }
    }

    @Test
    void aNextLinkThatRepeatsEndsTheReadWithAClearError() {
        tenant.alerts().generate(50, now.minus(Duration.ofMinutes(30)), now.minusSeconds(5));
        tenant.faults().quirk(FaultPlan.Quirk.LOOPING_NEXT_LINK, true);
        Map<String, String> settings = settings();
        settings.put("relay.graph.retries", "1");
        try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("the loop reported", Duration.ofSeconds(20), () -> logged(log, "WARN", "already sent"));
            long reports = log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("already sent")).count();
            tenant.faults().quirk(FaultPlan.Quirk.LOOPING_NEXT_LINK, false);
            long requests = alertRequests();
            // a failed poll made one request and one retry; a poll may have been under way at the count
            assertTrue(requests <= 2 * (reports + 1), requests + " requests for " + reports + " failed polls");
            assertTrue(relay.delivered().isEmpty());
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(20));
            assertEquals(50, relay.delivered().size());
        }
    }

    @Test
    void aDuplicatedRowOrAGhostCountIsAcceptedAfterBoundedRereads() {
        tenant.alerts().generate(40, now.minus(Duration.ofMinutes(30)), now.minusSeconds(5));
        tenant.faults().quirk(FaultPlan.Quirk.DUPLICATE_ROW, true);
        tenant.faults().quirk(FaultPlan.Quirk.GHOST_COUNT, true);
        try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
             RelayHarness relay = RelayHarness.start(dir, settings())) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(20));
            await("the checkpoint past the alerts", Duration.ofSeconds(10),
                    () -> checkpoint().windowEnd().isAfter(now.minusSeconds(5)));
            assertEquals(40, relay.delivered().size());
            assertTrue(logged(log, "WARN", "Graph counted 42 alerts"), log.lines().toString());
        }
    }

    /** Makes one alert a tick at Graph's now, every 100 ms, while the relay polls. */
    private List<String> feed(SimTenant into, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.addAll(into.alerts().generateAt(1, Instant.now()));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return ids;
    }

    @Test
    void windowsAreCutOnGraphsClockWhenThisMachinesRunsAhead() {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1M");
        settings.put("relay.ingestion-delay", "PT5S");
        settings.put("relay.lookback", "PT20S");
        try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
             RelayHarness relay = RelayHarness.start(dir, settings, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(40)))) {
            List<String> ids = feed(tenant, 70);
            relay.awaitDelivered(Set.copyOf(ids), Duration.ofSeconds(30));
            assertEquals(70, relay.delivered().size());
            assertTrue(log.lines().stream().anyMatch(l -> l.matches("WARN .*Graph's clock is 4[01] s behind.*")),
                    log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("late-alert audit")), "none was late: none was lost");
        }
    }

    @Test
    void alertsLaterThanTheLookbackAreFoundByTheAuditAndNamed() {
        try (GraphSimulator late = GraphSimulator.start(SimulatorOptions.defaults().withVisibilityDelay(Duration.ofSeconds(60)))) {
            Map<String, String> settings = RelayHarness.secretTenantOf(late, dir, "late");
            SimTenant slow = late.tenant("late");
            settings.put("relay.backfill.start", "PT1M");
            settings.put("relay.ingestion-delay", "PT5S");
            settings.put("relay.lookback", "PT20S");
            settings.put("relay.late-audit", "PT5M");
            try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                List<String> ids = feed(slow, 20);
                relay.awaitDelivered(Set.copyOf(ids), Duration.ofSeconds(90));
                assertEquals(20, relay.delivered().size());
                assertTrue(logged(log, "WARN", "Set relay.lookback to at least"), log.lines().toString());
            }
        }
    }
}
