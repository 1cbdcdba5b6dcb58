package io.defenderrelay.deliver;

import io.defenderrelay.observe.RelayMetrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event versions each sink has acknowledged in windows that are not finished yet. When one sink is down, its
 * window is read again at every poll; this keeps the sinks that already took those events from getting them once
 * per poll. Forgotten when the window completes, so it never holds more than the unfinished windows.
 */
public final class SinkAcknowledgements {
    private final Map<String, Set<String>> bySink = new ConcurrentHashMap<>();
    private final RelayMetrics metrics;

    public SinkAcknowledgements(RelayMetrics metrics) {
        this.metrics = metrics;
    }

    public boolean acknowledged(String sink, String uid) {
        return bySink.getOrDefault(sink, Set.of()).contains(uid);
    }

    /** {@code sink} acknowledged these events of one of {@code tenant}'s windows. */
    public void acknowledge(String tenant, String sink, Collection<String> uids) {
        bySink.computeIfAbsent(sink, s -> ConcurrentHashMap.newKeySet()).addAll(uids);
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
        bySink.values().forEach(acknowledged -> acknowledged.removeAll(window.uids()));
    }
}
