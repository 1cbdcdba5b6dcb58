package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.SimTenant;

import org.apache.camel.component.bean.BeanComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long backfill must not keep what it already delivered: each window's alerts and events become garbage once the
 * window is checkpointed, or a 100 000-alert backfill runs out of heap (as BackfillBenchmark once showed).
 */
class BackfillRetentionTest {
    private static final int WINDOWS = 40;

    @TempDir
    Path dir;

    @Test
    void finishedWindowsDoNotPileUpInCamelsBeanCache() {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant now = Instant.now();
        // a minute inside the backfill, which starts from the relay's (later) now
        tenant.alerts().generate(WINDOWS * 5, now.minus(Duration.ofMinutes(WINDOWS - 1)), now.minusSeconds(5));
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT" + WINDOWS + "M");
        settings.put("relay.poll.max-window", "PT1M");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            // Camel keys this cache by bean instance: a per-window object called from a route would add one
            // entry (and keep that window's events reachable) per window
            int cached = relay.main().getCamelContext().getComponent("bean", BeanComponent.class)
                    .getCurrentBeanCacheSize();
            assertTrue(cached < WINDOWS / 4, cached + " bean infos cached after " + WINDOWS + " windows");
        }
    }
}
