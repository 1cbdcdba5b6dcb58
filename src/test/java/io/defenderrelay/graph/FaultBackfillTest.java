package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.DeliveredAlerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 50 000-alert backfill with two bulk instants (3 000 and 12 000 alerts sharing one lastUpdateDateTime and one
 * createdDateTime), read once from a healthy tenant and once from one that answers 5 % of requests 206 and 10 % 429
 * while alerts are updated as it pages: both end with every alert's final version delivered, the faulty one in at
 * most three times as long.
 */
class FaultBackfillTest {

    @TempDir
    Path dir;

    private record Run(long millis, long requests, long throttled, long partial) {
    }

    @Test
    void aFaultyTenantIsReadCompletelyInAtMostThreeTimesTheHealthyTime() {
        // the faulty run goes first, on the colder JVM: the ratio errs against the relay
        Run faulty = backfill(dir.resolve("faulty"), true);
        Run healthy = backfill(dir.resolve("healthy"), false);
        System.out.printf("50 000-alert backfill: healthy %d ms, %d requests (%.1f per 1 000 alerts); with faults %d ms, "
                        + "%d requests (%.1f per 1 000; %d answered 429, %d answered 206); time ratio %.2f%n",
                healthy.millis(), healthy.requests(), healthy.requests() / 50.0, faulty.millis(), faulty.requests(),
                faulty.requests() / 50.0, faulty.throttled(), faulty.partial(), (double) faulty.millis() / healthy.millis());
        assertTrue(faulty.throttled() > 0 && faulty.partial() > 0, "the faults happened");
        assertEquals(0, healthy.throttled() + healthy.partial());
        assertTrue(faulty.millis() <= 3 * healthy.millis(), faulty.millis() + " ms with faults vs " + healthy.millis());
    }

    private static Run backfill(Path dir, boolean faults) {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant now = Instant.now();
        Instant bulk = now.minus(Duration.ofHours(30));
        Instant bigBulk = now.minus(Duration.ofHours(10));
        tenant.alerts().generate(35_000, now.minus(Duration.ofDays(3)), now.minusSeconds(30));
        tenant.alerts().generateAt(3_000, bulk, bulk.minus(Duration.ofHours(2)));
        tenant.alerts().generateAt(12_000, bigBulk, bigBulk.minus(Duration.ofHours(1)));
        AtomicBoolean updating = new AtomicBoolean(faults);
        if (faults) {
            tenant.faults().seed(20261129);
            tenant.faults().sometimes(Fault.tooManyRequests("0.05"), 0.10);
            tenant.faults().sometimes(Fault.partial("microsoftDefenderForOffice365"), 0.05);
            tenant.faults().onPageServed(page -> {
                if (updating.get()) {
                    tenant.alerts().updateRandom(2, Instant.now());
                }
            });
        }
        DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
        long started = System.nanoTime();
        try (RelayHarness relay = RelayHarness.start(dir, RelayHarness.settingsFor(tenant, dir, "P4D"))) {
            await("every alert delivered", Duration.ofSeconds(240), Duration.ofMillis(250),
                    () -> out.ids().size() == 50_000);
            updating.set(false);
            Set<String> finalVersions = tenant.alerts().ids().stream()
                    .map(id -> id + "@" + tenant.alerts().get(id).path("lastUpdateDateTime").asText())
                    .collect(Collectors.toSet());
            await("every alert's final version delivered", Duration.ofSeconds(60), Duration.ofMillis(250),
                    () -> out.versions().containsAll(finalVersions));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(50_000, out.ids().size());
        List<RecordedRequest> requests = tenant.requests().all().stream()
                .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS).toList();
        return new Run(millis, requests.size(), requests.stream().filter(r -> r.status() == 429).count(),
                requests.stream().filter(r -> r.status() == 206).count());
    }
}
