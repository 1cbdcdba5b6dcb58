package io.defenderrelay.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's progress: every alert with lastUpdateDateTime before {@code windowEnd} has been delivered, except in the
 * {@code incomplete} windows (Graph answered them partially, 206), which every poll reads again until they are
 * answered in full. {@code recent} lists the alert versions ("id@lastUpdateDateTime") delivered within the look-back
 * before it (and inside incomplete windows), so re-reading them sends none twice; {@code doneParts} maps the filters of
 * parts of an instant after {@code windowEnd} already delivered to their alert counts, so a retry reads only the rest.
 */
public record Checkpoint(String tenant, Instant windowEnd, Instant savedAt, List<String> recent,
                         List<Window> incomplete, Map<String, Long> doneParts) {

    public Checkpoint {
        recent = List.copyOf(recent);
        incomplete = List.copyOf(incomplete);
        doneParts = Map.copyOf(doneParts);
    }

    public Checkpoint(String tenant, Instant windowEnd, Instant savedAt, List<String> recent) {
        this(tenant, windowEnd, savedAt, recent, List.of(), Map.of());
    }
}
