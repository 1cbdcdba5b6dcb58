package io.defenderrelay.graph;

import java.time.Instant;

/** A tenant's progress: every alert with lastUpdateDateTime before {@code windowEnd} has been delivered. */
public record Checkpoint(String tenant, Instant windowEnd, Instant savedAt) {
}
