package io.defenderrelay;

import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;

import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenants of one relay are polled apart: one tenant's broken state stops that tenant only. */
class TenantIsolationTest {
    @TempDir
    Path dir;

    @Test
    void aCorruptCheckpointStopsItsTenantWhileTheOthersPollOn() throws IOException {
        SimTenant good = RelayHarness.newSecretTenant(120, Duration.ofMinutes(50));
        SimTenant broken = RelayHarness.newSecretTenant(80, Duration.ofMinutes(50));
        Map<String, String> settings = RelayHarness.settingsFor(good, dir, "PT1H");
        RelayHarness.addSecretTenant(settings, 1, "t2", broken);
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve("t2.checkpoint.json"), "{\"windowEnd\": \"2026-11-");
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(good.alerts().ids()), Duration.ofSeconds(30));
            await("t2 stopped", Duration.ofSeconds(30),
                    () -> !reports.linesContaining("tenant t2: stopped until its checkpoint is repaired").isEmpty());
            int polled = good.requests().alertRequests();
            await("t1 polling on", Duration.ofSeconds(10), () -> good.requests().alertRequests() > polled);

            assertEquals(Set.copyOf(good.alerts().ids()), relay.deliveredIds(), "t1's alerts and none of t2's");
            assertEquals(120, relay.delivered().size(), "each once");
            assertEquals(0, broken.requests().alertRequests(), "t2 read nothing from Graph");
            RouteController routes = relay.main().getCamelContext().getRouteController();
            assertTrue(routes.getRouteStatus("poll-t2").isStopped());
            assertTrue(routes.getRouteStatus("poll-t1").isStarted());
            List<String> lines = reports.lines();
            assertEquals(2, lines.size(), "one report and the stop, both t2's: " + lines);
            assertTrue(lines.get(0).startsWith("WARN tenant t2: poll stopped, checkpoint kept: checkpoint ")
                    && lines.get(0).contains("t2.checkpoint.json of tenant t2 is not valid"), lines.get(0));
        }
    }
}
