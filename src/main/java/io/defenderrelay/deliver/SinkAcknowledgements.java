package io.defenderrelay.deliver;

import io.defenderrelay.observe.RelayMetrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event versions each sink has acknowledged in windows that are not finished yet. When one sink is down, its
 * window is read again at every poll; this keeps the sinks that already took those events from getting them once
 * per poll. Forgotten when the window completes, so it never holds more than the unfinished windows.
 */
public final class SinkAcknowledgements {
    /** Per sink: acknowledged uid → its tenant. */
    private final Map<String, Map<String, String>> bySink = new ConcurrentHashMap<>();
    private final RelayMetrics metrics;

    public SinkAcknowledgements(RelayMetrics metrics) {
        this.metrics = metrics;
    }

    public boolean acknowledged(String sink, String uid) {
        return bySink.getOrDefault(sink, Map.of()).containsKey(uid);
    }

    /** {@code sink} acknowledged these events of one of {@code tenant}'s windows. */
    public void acknowledge(String tenant, String sink, Collection<String> uids) {
        Map<String, String> acknowledged = bySink.computeIfAbsent(sink, s -> new ConcurrentHashMap<>());
        uids.forEach(uid -> acknowledged.put(uid, String.valueOf(tenant)));
        metrics.delivered(tenant, sink, uids.size());
    }

    /** The sink took its whole share of a window. */
    public void acknowledgeShare(String sink, List<RoutedEvent> share) {
        if (!share.isEmpty()) {
            acknowledge(share.get(0).tenant(), sink, share.stream().map(RoutedEvent::uid).toList());
        }
    }

    /** Every sink acknowledged the window: its events need no memory any more. */
    public void windowCompleted(WindowShares window) {
        bySink.values().forEach(acknowledged -> acknowledged.keySet().removeAll(window.uids()));
    }

    /**
     * What {@code sink} took of the tenant's unfinished windows is gone after all (cluster mode: an aborted Kafka
     * transaction): the next attempt sends it again.
     */
    public void forget(String tenant, String sink) {
        bySink.getOrDefault(sink, Map.of()).values().removeIf(tenant::equals);
    }
}
