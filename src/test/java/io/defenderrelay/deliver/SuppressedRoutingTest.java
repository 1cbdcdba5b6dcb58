package io.defenderrelay.deliver;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.HecReceiver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * relay.sink.&lt;sink&gt;.suppressed through the real relay: alerts the simulator resolves with assignedTo "Suppression
 * rule" (as Graph shows a suppression rule's work) stay out of a SIEM told to exclude them, still reach the file
 * sink, and are counted as unrouted where no sink takes them.
 */
class SuppressedRoutingTest {

    @TempDir
    Path dir;

    private static boolean suppressed(SimTenant tenant, String id) {
        var alert = tenant.alerts().get(id);
        return "resolved".equals(alert.path("status").asText())
                && "Suppression rule".equals(alert.path("assignedTo").asText());
    }

    private static Set<String> ids(SimTenant tenant, Predicate<String> which) {
        return tenant.alerts().ids().stream().filter(which).collect(Collectors.toSet());
    }

    @Test
    void theSiemExcludesSuppressionRuleResolvesTheFileKeepsThemAndNoSinkMeansUnrouted() throws IOException {
        SimTenant filed = RelayHarness.newSecretTenant(500, Duration.ofHours(2));
        SimTenant unfiled = RelayHarness.newSecretTenant(500, Duration.ofHours(2));
        Set<String> filedSuppressed = ids(filed, id -> suppressed(filed, id));
        Set<String> unfiledSuppressed = ids(unfiled, id -> suppressed(unfiled, id));
        assertTrue(!filedSuppressed.isEmpty() && !unfiledSuppressed.isEmpty(),
                "the simulator resolves some alerts by suppression rule: " + filedSuppressed.size() + ", "
                        + unfiledSuppressed.size());
        Set<String> toSiem = ids(filed, id -> !suppressed(filed, id));
        toSiem.addAll(ids(unfiled, id -> !suppressed(unfiled, id)));

        try (HecReceiver hec = HecReceiver.start("hec-token")) {
            Map<String, String> settings = RelayHarness.settingsFor(filed, dir, "PT3H");
            RelayHarness.addSecretTenant(settings, 1, "t2", unfiled);
            settings.putAll(hec.sinkSettings());
            settings.put("relay.sink.siem.min-severity", "");
            settings.put("relay.sink.siem.suppressed", "exclude");
            settings.put("relay.sink.file.tenants", "t1");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                MeterRegistry metrics = relay.main().getCamelContext().getRegistry()
                        .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
                await("every unsuppressed alert at HEC", Duration.ofSeconds(60), () -> hec.acceptedCount() >= toSiem.size());
                relay.awaitDelivered(Set.copyOf(filed.alerts().ids()), Duration.ofSeconds(30));
                await("t2's suppressed alerts counted", Duration.ofSeconds(30),
                        () -> unrouted(metrics, "t2") >= unfiledSuppressed.size());

                assertEquals(toSiem, hec.events().stream().map(e -> e.path("finding_info").path("uid").asText())
                        .collect(Collectors.toSet()), "HEC got every alert but the suppressed ones");
                assertEquals(toSiem.size(), hec.acceptedCount(), "each once");
                assertEquals(Set.copyOf(filed.alerts().ids()), relay.deliveredIds(),
                        "the file sink has t1's alerts, the suppressed ones included, and none of t2's");
                assertEquals(unfiledSuppressed.size(), unrouted(metrics, "t2"),
                        "t2's suppressed alerts: no sink took them");
                assertEquals(0, unrouted(metrics, "t1"));
            }
        }
    }

    private static double unrouted(MeterRegistry metrics, String tenant) {
        Counter counter = metrics.find("relay_events_unrouted").tag("tenant", tenant).counter();
        return counter == null ? 0 : counter.count();
    }
}
