package io.defenderrelay.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The relay's counters per tenant and sink, on the registry Camel serves at /observe/metrics, and one INFO line per
 * delivered window. Meters are named as Prometheus shows them (counters gain _total, timers _seconds), so the names
 * here are the ones README's Operating table lists. A tenant's windows are delivered one after another on its
 * poll thread (the next one may be read meanwhile), so each tenant has one window tally at a time.
 */
public final class RelayMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(RelayMetrics.class);

    private final MeterRegistry registry;
    private final RelayHealth health;
    private final Clock clock;
    private final Map<String, WindowTally> windows = new ConcurrentHashMap<>();

    public RelayMetrics(MeterRegistry registry, RelayHealth health, Clock clock) {
        this.registry = registry;
        this.health = health;
        this.clock = clock;
    }

    /** A tenant's alerts are polled: its checkpoint lag is a gauge from now on (relay_checkpoint_lag_seconds). */
    public void tenant(String tenant) {
        Gauge.builder("relay_checkpoint_lag", health, h -> h.lagSeconds(tenant).orElse(Double.NaN))
                .baseUnit("seconds").description("Time between now and the tenant's checkpoint")
                .tag("tenant", tenant).register(registry);
    }

    /** When a window's read begins: its tally starts there once delivery takes it ({@link #windowDelivering}). */
    public Instant windowBegun() {
        return clock.instant();
    }

    /** Delivery takes a window whose read began at {@code begun}. */
    public void windowDelivering(String tenant, Instant begun) {
        windows.put(String.valueOf(tenant), new WindowTally(begun));
    }

    /** relay_alert_versions_read_total, relay_alert_versions_new_total, relay_duplicates_dropped_total. */
    public void read(String tenant, int versions, int newVersions) {
        count("relay_alert_versions_read", versions, "tenant", tenant);
        count("relay_alert_versions_new", newVersions, "tenant", tenant);
        count("relay_duplicates_dropped", versions - newVersions, "tenant", tenant);
        tally(tenant).read(versions, newVersions);
    }

    /** relay_events_delivered_total: events a sink acknowledged. */
    public void delivered(String tenant, String sink, int events) {
        count("relay_events_delivered", events, "tenant", tenant, "sink", sink);
        tally(tenant).delivered(sink, events);
        health.sinkAcknowledged(sink);
    }

    /** relay_events_unrouted_total: events no sink rule took. */
    public void unrouted(String tenant) {
        count("relay_events_unrouted", 1, "tenant", tenant);
        tally(tenant).unrouted();
    }

    /** relay_dead_letters_total: events a stage or sink rejected for good. */
    public void deadLettered(String tenant, String stage) {
        count("relay_dead_letters", 1, "tenant", tenant, "stage", stage);
        tally(tenant).deadLettered();
    }

    /** relay_unknown_evidence_total: evidence of a type the normalizer does not know, kept whole in unmapped. */
    public void unknownEvidence(String tenant, String type) {
        count("relay_unknown_evidence", 1, "tenant", tenant, "type", type);
    }

    /** relay_graph_requests_total by answer: an HTTP status, or the I/O failure's kind. */
    public void graphRequest(String tenant, String status) {
        count("relay_graph_requests", 1, "tenant", tenant, "status", status);
    }

    /** relay_partial_windows_total: windows Graph answered 206 (some providers missing). */
    public void partialWindow(String tenant) {
        count("relay_partial_windows", 1, "tenant", tenant);
    }

    /** relay_token_requests_total: tokens asked of Entra (not the ones reused), as the tenant's provider counts them. */
    public <T> void tokenRequests(String tenant, T provider, ToDoubleFunction<T> requested) {
        // the registry holds the provider weakly: it must be one the relay keeps (a method reference would be lost)
        FunctionCounter.builder("relay_token_requests", provider, requested)
                .description("Tokens requested from Entra").tag("tenant", tenant).register(registry);
    }

    /** relay_retry_after_seconds_total and relay_retry_after_total: waits a server asked for with Retry-After. */
    public void retryAfter(String target, Duration wait) {
        count("relay_retry_after", 1, "target", target);
        Counter.builder("relay_retry_after_seconds").baseUnit("seconds").tag("target", target).register(registry)
                .increment(wait.toMillis() / 1000.0);
    }

    /** relay_poll_failures_total. */
    public void pollFailed(String tenant) {
        count("relay_poll_failures", 1, "tenant", tenant);
    }

    /** relay_cluster_rebalances_total: rebalances of the cluster group that ended with an assignment here. */
    public void rebalanced() {
        count("relay_cluster_rebalances", 1);
    }

    /** relay_cluster_fenced_total: writes refused because another instance took the tenant over. */
    public void fenced(String tenant) {
        count("relay_cluster_fenced", 1, "tenant", tenant);
    }

    /** relay_cluster_tenants: the tenants this instance polls in cluster mode. */
    public <T> void clusterTenants(T membership, ToDoubleFunction<T> owned) {
        Gauge.builder("relay_cluster_tenants", membership, owned).description("Tenants this instance polls")
                .register(registry);
    }

    /** Ends a delivered window: relay_window_duration_seconds and its INFO line. */
    public void windowDelivered(String tenant, Object window, int pages) {
        WindowTally tally = tally(tenant);
        Instant now = clock.instant();
        Duration took = tally.elapsed(now);
        Timer.builder("relay_window_duration").tag("tenant", tenant).register(registry).record(took);
        if (tally.deliveredAny()) {
            health.delivered(tenant);
        }
        LOG.info("tenant {}: window {}: {}, {} page(s), {} ms", tenant, window, tally.describe(), pages, took.toMillis());
        windows.remove(String.valueOf(tenant));
    }

    private WindowTally tally(String tenant) {
        return windows.computeIfAbsent(String.valueOf(tenant), t -> new WindowTally(clock.instant()));
    }

    private void count(String name, int amount, String... tags) {
        for (int i = 1; i < tags.length; i += 2) {
            tags[i] = String.valueOf(tags[i]); // an edited route may have lost the tenant header: count it anyway
        }
        registry.counter(name, tags).increment(amount);
    }
}
