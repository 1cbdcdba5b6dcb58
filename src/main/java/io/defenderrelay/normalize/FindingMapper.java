package io.defenderrelay.normalize;

import io.defenderrelay.config.Severity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.defenderrelay.normalize.Nodes.put;

/**
 * One Graph {@code alerts_v2} alert → one OCSF 1.8.0 Detection Finding (class 2004). Plain Java, thread-safe.
 * The activity is decided from the alert alone, so the relay keeps no state per alert: Close when resolved,
 * Create when lastUpdateDateTime equals createdDateTime (to the millisecond), else Update.
 */
public final class FindingMapper {
    static final String OCSF_VERSION = "1.8.0";
    /** Declares verdict, assignee and the incident's src_url, which OCSF keeps in this profile. */
    static final String INCIDENT_PROFILE = "incident";
    private static final int CREATE = 1;
    private static final int UPDATE = 2;
    private static final int CLOSE = 3;
    private static final int SUPPRESSED = 3;
    /** Graph's assignedTo on an alert that a suppression rule resolved. */
    private static final String SUPPRESSION_RULE = "Suppression rule";
    private static final Map<String, Integer> STATUS_IDS = Map.of(
            "unknown", 0, "new", 1, "inProgress", 2, "resolved", 4);
    private static final Map<String, Integer> VERDICT_IDS = Map.of(
            "unknown", 0, "falsePositive", 1, "truePositive", 2, "informationalExpectedActivity", 5);

    private final SeverityLookup severities;
    private final CategoryMapping categories;
    private final boolean includeRaw;
    private final EvidenceMapper evidenceMapper = new EvidenceMapper();

    /** @param includeRaw whether the original alert JSON goes into {@code raw_data} */
    public FindingMapper(SeverityLookup severities, CategoryMapping categories, boolean includeRaw) {
        this.severities = severities;
        this.categories = categories;
        this.includeRaw = includeRaw;
    }

    /** @throws InvalidAlertException (message = the reason) for an alert that cannot become an event */
    public ObjectNode normalize(JsonNode alert, String tenantName) {
        return map(alert, tenantName).event();
    }

    /** Like {@link #normalize}, with the routing facts. */
    public Finding map(JsonNode alert, String tenantName) {
        if (alert == null || !alert.isObject()) {
            throw new InvalidAlertException("not a JSON object");
        }
        AlertFields graph = new AlertFields(alert);
        String id = graph.required("id");
        String lastUpdate = graph.required("lastUpdateDateTime");
        Times times = new Times(graph.time("createdDateTime"), graph.time("lastUpdateDateTime"),
                graph.time("firstActivityDateTime"), graph.time("lastActivityDateTime"));
        graph.checkedTime("resolvedDateTime");
        String status = graph.text("status");
        Severity severity = severities.lookup(graph.peek("severity"));
        String serviceSource = graph.peek("serviceSource");
        String category = categories.categoryOf(serviceSource);
        String eventUid = id + "@" + lastUpdate;
        int activityId = "resolved".equals(status) ? CLOSE
                : times.created() != null && times.created() == times.modified() ? CREATE : UPDATE;

        ObjectNode event = Nodes.newObject();
        event.put("activity_id", activityId);
        event.put("activity_name", OcsfEnums.ACTIVITY.get(activityId));
        event.put("category_uid", 2);
        event.put("category_name", "Findings");
        event.put("class_uid", 2004);
        event.put("class_name", "Detection Finding");
        event.put("type_uid", 2004 * 100 + activityId);
        event.put("type_name", "Detection Finding: " + OcsfEnums.ACTIVITY.get(activityId));
        event.put("time", times.modified());
        event.put("timezone_offset", 0);
        event.put("severity_id", severity.id());
        event.put("severity", severity.id() == OcsfEnums.OTHER && graph.peek("severity") != null
                ? graph.peek("severity") : OcsfEnums.SEVERITY.get(severity.id()));
        putEnum(event, "status", status == null ? "unknown" : status, STATUS_IDS, OcsfEnums.STATUS);
        put(event, "status_code", status);
        boolean suppressed = "resolved".equals(status)
                && SUPPRESSION_RULE.equalsIgnoreCase(String.valueOf(graph.peek("assignedTo")));
        if (suppressed) {
            // Defender closes alerts that match a suppression rule: OCSF has a status for exactly that
            event.put("status_id", SUPPRESSED).put("status", OcsfEnums.STATUS.get(SUPPRESSED));
            event.put("status_detail", "Resolved by a Defender suppression rule");
        }
        // incident profile: an alert has its own triage (assignee, classification), not only its incident's
        String classification = graph.text("classification");
        putEnum(event, "verdict", classification == null ? "unknown" : classification, VERDICT_IDS,
                OcsfEnums.VERDICT);
        put(event, "assignee", OcsfObjects.assignee(graph.text("assignedTo")));
        put(event, "src_url", graph.text("incidentWebUrl"));
        event.put("is_alert", true);
        put(event, "message", graph.text("title"));
        put(event, "start_time", times.firstActivity());
        put(event, "end_time", times.lastActivity());

        ObjectNode product = product(graph, serviceSource);
        List<String> categoryNames = new ArrayList<>(graph.texts("categories"));
        Nodes.addIfPresent(categoryNames, graph.peek("category"));
        MitreAttacks.Attacks attacks = MitreAttacks.of(categoryNames, graph.take("mitreTechniques"));
        event.set("finding_info", findingInfo(graph, id, times, attacks, product));
        String remediation = graph.text("recommendedActions");
        if (remediation != null) {
            event.putObject("remediation").put("desc", remediation);
        }
        event.set("metadata", metadata(graph, eventUid, lastUpdate, product));
        EvidenceMapper.Mapped evidence = evidenceMapper.map(graph.take("evidence"));
        put(event, "evidences", evidence.evidences());
        put(event, "observables", evidence.observables());
        put(event, "resources", evidence.resources());
        if (includeRaw) {
            event.put("raw_data", alert.toString());
        }
        if (attacks.categoryIsTactic(graph.peek("category"))) {
            graph.markMapped("category");
        }
        if (graph.texts("categories").stream().allMatch(attacks::categoryIsTactic)) {
            graph.markMapped("categories");
        }
        ObjectNode unmapped = graph.unmapped();
        put(unmapped, "mitreTechniques", attacks.otherTechniques());
        put(unmapped, "evidence", evidence.unmapped());
        unmapped.putObject("ingest").put("product", "GRAPH_ALERTS").put("version", "v2");
        ObjectNode relay = unmapped.putObject("relay");
        put(relay, "tenant", tenantName);
        relay.put("category", category);
        relay.put("severity", severity.name());
        event.set("unmapped", unmapped);
        return new Finding(event, id, eventUid, severity, serviceSource, category, suppressed,
                evidence.unmapped().size());
    }

    /** The alert's timestamps in epoch ms; only lastUpdateDateTime is required. */
    private record Times(Long created, long modified, Long firstActivity, Long lastActivity) {
    }

    /** Sets {@code <name>_id} and its caption; a value outside the table is 99 Other with the source's text. */
    private static void putEnum(ObjectNode event, String name, String graphValue, Map<String, Integer> ids,
            Map<Integer, String> captions) {
        int id = ids.getOrDefault(graphValue, OcsfEnums.OTHER);
        event.put(name + "_id", id);
        event.put(name, id == OcsfEnums.OTHER ? graphValue : captions.get(id));
    }

    /** The Defender product that raised the alert; Graph's unified queue when the alert does not say. */
    private static ObjectNode product(AlertFields graph, String serviceSource) {
        String name = Nodes.first(graph.peek("productName"), serviceSource);
        return Nodes.newObject()
                .put("name", name == null ? "Microsoft Defender XDR" : name)
                .put("vendor_name", "Microsoft");
    }

    private static ObjectNode findingInfo(AlertFields graph, String id, Times times, MitreAttacks.Attacks attacks,
            ObjectNode product) {
        ObjectNode info = Nodes.newObject();
        info.put("uid", id);
        put(info, "title", graph.text("title"));
        put(info, "desc", graph.text("description"));
        put(info, "created_time", times.created());
        info.put("modified_time", times.modified());
        put(info, "first_seen_time", times.firstActivity());
        put(info, "last_seen_time", times.lastActivity());
        put(info, "src_url", graph.text("alertWebUrl"));
        String determination = graph.peek("determination");
        if (determination != null && !determination.equals("unknown")) {
            info.putArray("types").add(determination);
        }
        String detector = graph.text("detectorId");
        String detectionSource = graph.peek("detectionSource");
        if (detector != null || detectionSource != null) {
            ObjectNode analytic = info.putObject("analytic");
            put(analytic, "uid", detector);
            put(analytic, "name", detectionSource);
            analytic.put("type_id", 0);
            analytic.put("type", "Unknown");
        }
        put(info, "attacks", attacks.attacks());
        info.set("product", product);
        return info;
    }

    private static ObjectNode metadata(AlertFields graph, String eventUid, String lastUpdate, ObjectNode product) {
        ObjectNode metadata = Nodes.newObject();
        metadata.put("version", OCSF_VERSION);
        metadata.putArray("profiles").add(INCIDENT_PROFILE);
        metadata.put("uid", eventUid);
        metadata.set("product", product.deepCopy());
        put(metadata, "tenant_uid", graph.text("tenantId"));
        metadata.put("log_name", "alerts_v2");
        metadata.put("original_time", lastUpdate);
        return metadata;
    }
}
