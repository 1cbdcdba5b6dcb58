package io.defenderrelay.graph;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's progress: every alert with lastUpdateDateTime before {@code windowEnd} has been delivered. {@code recent}
 * lists the alert versions ("id@lastUpdateDateTime") delivered within the look-back before it, so re-reading that
 * span after a restart sends none of them twice.
 */
public record Checkpoint(String tenant, Instant windowEnd, Instant savedAt, List<String> recent) {

    public Checkpoint {
        recent = List.copyOf(recent);
    }
}
