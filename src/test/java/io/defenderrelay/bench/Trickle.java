package io.defenderrelay.bench;

import io.defenderrelay.simulator.SimTenant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady trickle of new alerts: every second, {@code perSecond} alerts stamped with the current time, each added to
 * a tenant drawn from {@code tenants} (seeded), each remembered in {@code added} with when it was added.
 */
final class Trickle implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Trickle(List<SimTenant> tenants, int perSecond, long seed, Map<String, Instant> added) {
        Random random = new Random(seed);
        timer.scheduleAtFixedRate(() -> {
            for (int n = 0; n < perSecond; n++) {
                Instant now = Instant.now();
                tenants.get(random.nextInt(tenants.size())).alerts().generateAt(1, now)
                        .forEach(id -> added.put(id, now));
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
