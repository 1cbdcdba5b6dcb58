package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graph pages by offset: when alerts leave a window between two of its pages, the rest shift and one can be skipped.
 * With a simulator serving 100 per page, alerts are moved out of the window while the relay pages through it.
 */
class UpdatesWhilePagingTest {

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void noAlertIsLostWhenOthersLeaveTheWindowMidPaging(org.junit.jupiter.api.RepetitionInfo repetition) {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withMaxPageSize(100)
                .withSeed(repetition.getCurrentRepetition()))) {
            SimTenant tenant = sim.tenant("paging");
            tenant.registerSecretApp("app", "secret");
            Instant now = Instant.now();
            List<String> ids = tenant.alerts().generate(450, now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(1)));
            Random random = new Random(repetition.getCurrentRepetition());
            AtomicInteger moves = new AtomicInteger();
            tenant.faults().onPageServed(page -> {
                if (page == 0 && moves.getAndIncrement() < 3) {
                    // five alerts get updated now: they leave the window being read
                    for (int i = 0; i < 5; i++) {
                        tenant.alerts().update(ids.get(random.nextInt(ids.size())), Instant.now(), "inProgress");
                    }
                }
            });
            Map<String, String> settings = RelayHarness.secretTenant(sim, dir, "paging", "paging", "app", "secret");
            settings.put("relay.backfill.start", "PT1H");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                relay.awaitDelivered(Set.copyOf(ids), Duration.ofSeconds(60));
            }
            assertTrue(moves.get() >= 1, "alerts were moved while the relay paged");
        }
    }
}
