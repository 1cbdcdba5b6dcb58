package io.defenderrelay.normalize;

import io.defenderrelay.config.SeverityScale;

import java.util.Map;

/** Captions of the OCSF 1.8.0 enum values the relay emits (the caption attribute beside each {@code *_id}). */
final class OcsfEnums {
    /** 99 = "other" in every OCSF enum. */
    static final int OTHER = SeverityScale.OTHER;

    static final Map<Integer, String> SEVERITY = SeverityScale.CAPTIONS;

    static final Map<Integer, String> ACTIVITY = Map.of(1, "Create", 2, "Update", 3, "Close");

    static final Map<Integer, String> STATUS = Map.of(
            0, "Unknown", 1, "New", 2, "In Progress", 3, "Suppressed", 4, "Resolved", 5, "Archived", 6, "Deleted",
            OTHER, "Other");

    static final Map<Integer, String> VERDICT = Map.ofEntries(
            Map.entry(0, "Unknown"), Map.entry(1, "False Positive"), Map.entry(2, "True Positive"),
            Map.entry(3, "Disregard"), Map.entry(4, "Suspicious"), Map.entry(5, "Benign"), Map.entry(6, "Test"),
            Map.entry(7, "Insufficient Data"), Map.entry(8, "Security Risk"), Map.entry(9, "Managed Externally"),
            Map.entry(10, "Duplicate"), Map.entry(OTHER, "Other"));

    static final Map<Integer, String> ROLE = Map.of(
            0, "Unknown", 1, "Target", 2, "Actor", 3, "Affected", 4, "Related", OTHER, "Other");

    private OcsfEnums() {
    }
}
