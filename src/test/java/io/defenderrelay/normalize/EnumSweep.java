package io.defenderrelay.normalize;

import io.defenderrelay.simulator.GraphEnums;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets the n-th member of every Graph enumeration an alert carries (severity, status, classification,
 * determination, serviceSource, detectionSource, evidence verdict and role), so that a run of alerts covers each
 * member, rare ones such as unknownFutureValue included, and records which members were used.
 */
final class EnumSweep {
    /** Graph v1.0 {@code evidenceVerdict} and {@code evidenceRole}, in declaration order. */
    static final List<String> EVIDENCE_VERDICTS = List.of("unknown", "suspicious", "malicious", "noThreatsFound",
            GraphEnums.UNKNOWN_FUTURE_VALUE);
    static final List<String> EVIDENCE_ROLES = List.of("unknown", "contextual", "scanned", "source", "destination",
            "created", "added", "compromised", "edited", "attacked", "attacker", "commandAndControl", "loaded",
            "suspicious", "policyViolator", GraphEnums.UNKNOWN_FUTURE_VALUE);
    private static final Map<String, List<String>> ALERT_ENUMS = Map.of(
            "severity", GraphEnums.SEVERITIES, "status", GraphEnums.STATUSES,
            "classification", GraphEnums.CLASSIFICATIONS, "determination", GraphEnums.DETERMINATIONS,
            "serviceSource", GraphEnums.SERVICE_SOURCES, "detectionSource", GraphEnums.DETECTION_SOURCES);

    private final Map<String, Set<String>> used = new TreeMap<>();

    void apply(ObjectNode alert, int n) {
        ALERT_ENUMS.forEach((field, members) -> set(alert, field, members, n));
        int item = 0;
        for (JsonNode evidence : alert.path("evidence")) {
            if (evidence instanceof ObjectNode object) {
                set(object, "verdict", EVIDENCE_VERDICTS, n + item);
                String role = EVIDENCE_ROLES.get((n + item) % EVIDENCE_ROLES.size());
                object.putArray("roles").add(role);
                used.computeIfAbsent("roles", k -> new TreeSet<>()).add(role);
                item++;
            }
        }
    }

    /** Each enumeration's members that no alert carried; empty when the sweep covered all. */
    Map<String, Set<String>> uncovered() {
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, List<String>> all = new TreeMap<>(ALERT_ENUMS);
        all.put("verdict", EVIDENCE_VERDICTS);
        all.put("roles", EVIDENCE_ROLES);
        all.forEach((field, members) -> {
            Set<String> left = new TreeSet<>(members);
            left.removeAll(used.getOrDefault(field, Set.of()));
            if (!left.isEmpty()) {
                missing.put(field, left);
            }
        });
        return missing;
    }

    private void set(ObjectNode node, String field, List<String> members, int n) {
        String member = members.get(n % members.size());
        node.put(field, member);
        used.computeIfAbsent(field, k -> new TreeSet<>()).add(member);
    }
}
