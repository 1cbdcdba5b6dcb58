package io.defenderrelay.graph;

import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.support.GraphTime;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Alert versions ("id@lastUpdateDateTime") already delivered, per tenant. Each poll re-reads the look-back span behind
 * the checkpoint to catch late arrivals; this keeps what was delivered from going out twice. Only versions inside the
 * look-back matter, so the set stays small and is saved with the checkpoint.
 */
public final class SeenAlerts {

    private final Map<String, Map<String, Instant>> byTenant = new ConcurrentHashMap<>();
    private final RelayMetrics metrics;

    public SeenAlerts(RelayMetrics metrics) {
        this.metrics = metrics;
    }

    private Map<String, Instant> of(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    }

    /** The window's alerts not delivered before, oldest first. */
    public List<PagedAlert> unseen(String tenant, WindowRead read) {
        Map<String, Instant> seen = of(tenant);
        List<PagedAlert> unseen = read.alerts().entrySet().stream().filter(e -> !seen.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        metrics.read(tenant, read.alerts().size(), unseen.size());
        return unseen;
    }

    /** Called once the window's alerts were acknowledged by every sink. */
    public void remember(String tenant, WindowRead read) {
        Map<String, Instant> seen = of(tenant);
        read.alerts().keySet().forEach(key -> seen.put(key, lastUpdate(key)));
    }

    public void restore(String tenant, Collection<String> keys) {
        Map<String, Instant> seen = of(tenant);
        keys.forEach(key -> seen.put(key, lastUpdate(key)));
    }

    public void forget(String tenant) {
        byTenant.remove(tenant);
    }

    /** Forgets versions older than {@code since} unless {@code keep} says they will be read again; returns the rest. */
    public List<String> retainSince(String tenant, Instant since, Predicate<Instant> keep) {
        Map<String, Instant> seen = of(tenant);
        seen.values().removeIf(lastUpdate -> lastUpdate.isBefore(since) && !keep.test(lastUpdate));
        return List.copyOf(seen.keySet());
    }

    private static Instant lastUpdate(String key) {
        try {
            return GraphTime.parse(key.substring(key.lastIndexOf('@') + 1));
        } catch (DateTimeException e) {
            // an alert without a usable timestamp is kept until the relay restarts
            return Instant.MAX;
        }
    }
}
