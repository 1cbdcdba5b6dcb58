package io.defenderrelay.normalize;

import io.defenderrelay.config.Severity;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One alert as an OCSF event, with the facts the router needs beside it.
 *
 * @param event          the OCSF 1.8.0 Detection Finding
 * @param alertId        Graph's alert id (the Kafka key)
 * @param eventUid       {@code metadata.uid}: alert id + "@" + lastUpdateDateTime, stable across redeliveries
 * @param severity       the relay severity from the lookup table
 * @param serviceSource  Graph's serviceSource, or null when the alert has none
 * @param category       the normalized category (Antivirus, Email, ...)
 * @param suppressed     resolved by a Defender suppression rule (status_id 3 Suppressed), for routes to drop or divert
 * @param unmappedEvidence evidence items kept verbatim in {@code unmapped.evidence} (types the relay does not know)
 */
public record Finding(ObjectNode event, String alertId, String eventUid, Severity severity,
        String serviceSource, String category, boolean suppressed, int unmappedEvidence) {
}
