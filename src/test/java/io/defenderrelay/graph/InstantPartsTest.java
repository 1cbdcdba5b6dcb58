package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.SimTenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One instant read in parts (an enumeration of status, each part enumerated again), with alerts leaving the instant
 * while it is paged, as in the faulty half of FaultBackfillTest. The read that falls short stops the poll; the next
 * poll credits the parts delivered before with the counts they had then, which are more than they hold now: those
 * stale counts must not make the parts not yet read look empty.
 */
class InstantPartsTest {
    private static final String ENDPOINT = "microsoftDefenderForEndpoint";
    private static final String OFFICE = "microsoftDefenderForOffice365";

    @TempDir
    Path dir;

    @Test
    void partsNotYetReadAreReadAfterAShortPartStoppedThePollAndAlertsLeftCreditedParts() {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant instant = Instant.now().minus(Duration.ofMinutes(30));
        List<String> ids = new ArrayList<>(tenant.alerts().generateAt(2515, instant, instant.minus(Duration.ofHours(1))));
        Collections.shuffle(ids, new Random(20261129L));
        // status splits the instant best: "new" (1400, read first, its parts then credited), "resolved" (1100, read
        // second, falls short once) and a small "inProgress" (15, read last)
        List<String> credited = ids.subList(0, 1400);
        List<String> shortOnce = ids.subList(1400, 2500);
        List<String> readLast = ids.subList(2500, 2515);
        for (int i = 0; i < credited.size(); i++) {
            shape(tenant, credited.get(i), "new", "high", i % 2 == 0 ? ENDPOINT : OFFICE);
        }
        for (int i = 0; i < shortOnce.size(); i++) {
            shape(tenant, shortOnce.get(i), "resolved", i < 600 ? "high" : "medium", ENDPOINT);
        }
        readLast.forEach(id -> shape(tenant, id, "inProgress", "high", ENDPOINT));

        // when the "resolved" part's first page is served (the "new" part's are delivered by then): 5 of its alerts
        // and 20 of the delivered "new" ones are updated, leaving the instant
        AtomicBoolean moved = new AtomicBoolean();
        tenant.faults().rewritePages((query, body) -> {
            String filter = URLDecoder.decode(query, StandardCharsets.UTF_8);
            if (filter.contains("status eq 'resolved'") && !filter.contains("severity eq")
                    && !filter.contains("serviceSource eq") && moved.compareAndSet(false, true)) {
                Instant later = Instant.now();
                shortOnce.subList(1095, 1100).forEach(id -> tenant.alerts().update(id, later, null));
                credited.subList(0, 20).forEach(id -> tenant.alerts().update(id, later, null));
            }
            return body;
        });

        try (RelayHarness relay = RelayHarness.start(dir, RelayHarness.settingsFor(tenant, dir, "PT2H"))) {
            try {
                relay.awaitDelivered(Set.copyOf(ids), Duration.ofSeconds(60));
            } catch (AssertionError e) {
                Set<String> missing = new HashSet<>(ids);
                missing.removeAll(relay.deliveredIds());
                throw new AssertionError(missing.size() + " alerts never delivered, " + readLast.stream()
                        .filter(missing::contains).count() + " of them of the part read last", e);
            }
            assertEquals(true, moved.get(), "the alerts moved while the instant was read");
        }
    }

    private static void shape(SimTenant tenant, String id, String status, String severity, String serviceSource) {
        ObjectNode alert = tenant.alerts().get(id).deepCopy();
        tenant.alerts().put(alert.put("status", status).put("severity", severity).put("serviceSource", serviceSource));
    }
}
