package io.defenderrelay.simulator;

import java.time.Instant;

/**
 * The few facts that identify one version of a generated alert; {@link AlertGenerator} renders the full Graph JSON
 * from them, always the same for the same facts. Nullable: classification, determination.
 */
public record AlertFacts(String id, long seed, Instant createdDateTime, Instant lastUpdateDateTime, String severity,
                         String status, String serviceSource, String classification, String determination,
                         int version) {
}
