package io.defenderrelay.normalize;

import io.defenderrelay.config.Severity;
import io.defenderrelay.testing.ShippedSettings;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindingMapperTest {
    private final SeverityLookup severities = ShippedSettings.severities();
    private final FindingMapper normalizer =
            new FindingMapper(severities, new CategoryMapping(Map.of()), false);

    private static ObjectNode alert(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode minimal() {
        return alert("{'id':'a1','createdDateTime':'2026-10-01T00:00:00Z',"
                + "'lastUpdateDateTime':'2026-10-01T00:00:00Z'}");
    }

    @Test
    void isCreateWhenLastUpdateEqualsCreation() {
        ObjectNode event = normalizer.normalize(minimal(), "t");
        assertEquals(1, event.get("activity_id").intValue());
        assertEquals(200401, event.get("type_uid").intValue());
    }

    @Test
    void isUpdateWhenLastUpdateIsLaterOrCreationUnknown() {
        ObjectNode alert = minimal().put("lastUpdateDateTime", "2026-10-01T00:00:00.5Z");
        assertEquals(200402, normalizer.normalize(alert, "t").get("type_uid").intValue());
        alert.remove("createdDateTime");
        assertEquals(2, normalizer.normalize(alert, "t").get("activity_id").intValue());
    }

    @Test
    void isCloseWhenResolved() {
        ObjectNode event = normalizer.normalize(minimal().put("status", "resolved"), "t");
        assertEquals(3, event.get("activity_id").intValue());
        assertEquals(200403, event.get("type_uid").intValue());
        assertEquals(4, event.get("status_id").intValue());
    }

    @Test
    void identifiesEachAlertVersionByIdAndVerbatimLastUpdate() {
        Finding normalized = normalizer.map(
                minimal().put("lastUpdateDateTime", "2026-10-01T00:41:55.4033333Z"), "t");
        assertEquals("a1@2026-10-01T00:41:55.4033333Z", normalized.eventUid());
        assertEquals(normalized.eventUid(), normalized.event().at("/metadata/uid").textValue());
        assertEquals(1790815315403L, normalized.event().get("time").longValue());
    }

    @Test
    void refusesAlertsThatCannotBecomeEventsWithAReason() {
        assertReason("not a JSON object", Json.mapper().getNodeFactory().arrayNode());
        assertReason("not a JSON object", Json.mapper().getNodeFactory().textNode("x"));
        assertReason("not a JSON object", null);
        assertReason("no id", (JsonNode) minimal().without("id"));
        assertReason("no id", minimal().put("id", " "));
        assertReason("id is not a string but object '{}'", minimal().set("id", Json.mapper().createObjectNode()));
        assertReason("no lastUpdateDateTime", minimal().putNull("lastUpdateDateTime"));
        assertReason("unparsable lastUpdateDateTime 'last tuesday'", minimal().put("lastUpdateDateTime",
                "last tuesday"));
        assertReason("unparsable createdDateTime '12'", minimal().put("createdDateTime", 12));
        assertReason("unparsable firstActivityDateTime '2026-02-30T00:00:00Z'",
                minimal().put("firstActivityDateTime", "2026-02-30T00:00:00Z"));
    }

    @Test
    void shortensHugeValuesInReasons() {
        InvalidAlertException e = assertThrows(InvalidAlertException.class,
                () -> normalizer.normalize(minimal().put("createdDateTime", "9".repeat(100_000)), "t"));
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    private void assertReason(String reasonStart, JsonNode alert) {
        InvalidAlertException e = assertThrows(InvalidAlertException.class, () -> normalizer.normalize(alert, "t"));
        assertTrue(e.getMessage().startsWith(reasonStart), e.getMessage());
    }

    @Test
    void mapsUnknownSeverityToOtherWithGraphValueAndCountsIt() {
        ObjectNode event = normalizer.normalize(minimal().put("severity", "unknownFutureValue"), "t");
        assertEquals(99, event.get("severity_id").intValue());
        assertEquals("unknownFutureValue", event.get("severity").textValue());
        assertEquals("other", event.at("/unmapped/relay/severity").textValue());
        assertEquals(1, severities.unmappedCount());
    }

    @Test
    void usesOverriddenSeverityForEventAndRouting() {
        FindingMapper custom = new FindingMapper(ShippedSettings.severities(Map.of("high", "critical/5")),
                new CategoryMapping(Map.of()), false);
        Finding normalized = custom.map(minimal().put("severity", "high"), "t");
        assertEquals(new Severity("critical", 5), normalized.severity());
        assertEquals(5, normalized.event().get("severity_id").intValue());
        assertEquals("Critical", normalized.event().get("severity").textValue());
    }

    @Test
    void keepsOriginalAlertInRawDataOnlyWhenAskedTo() throws Exception {
        ObjectNode alert = Samples.alert("mdca-cloudapp-alert").deepCopy();
        assertFalse(normalizer.normalize(alert, "t").has("raw_data"));
        FindingMapper withRaw = new FindingMapper(severities, new CategoryMapping(Map.of()), true);
        String raw = withRaw.normalize(alert, "t").get("raw_data").textValue();
        assertEquals(alert, Json.mapper().readTree(raw));
    }

    @Test
    void emitsNoNullsForNullOrWrongTypedFieldsAndKeepsWhatItCannotRepresent() {
        ObjectNode alert = minimal().putNull("title").putNull("severity").put("description", "");
        alert.putObject("recommendedActions").put("step", "isolate");
        alert.putArray("systemTags");
        ObjectNode event = normalizer.normalize(alert, "t");
        assertFalse(event.toString().contains("null"), event.toString());
        assertFalse(event.has("message"));
        assertFalse(event.with("finding_info").has("desc"));
        assertEquals("isolate", event.at("/unmapped/recommendedActions/step").textValue());
        assertFalse(event.with("unmapped").has("systemTags"));
        assertEquals(0, event.get("severity_id").intValue());
    }

    @Test
    void keepsDeeplyNestedValuesAsJsonTextSoTheEventStaysWritable() throws Exception {
        StringBuilder nested = new StringBuilder("{\"customDetails\":");
        nested.append("[".repeat(990)).append("\"bottom\"").append("]".repeat(990)).append('}');
        ObjectNode alert = (ObjectNode) Json.mapper().readTree(nested.toString());
        alert.setAll(minimal());
        ObjectNode event = normalizer.normalize(alert, "t");
        JsonNode kept = event.at("/unmapped/customDetails");
        for (int depth = 1; depth <= Nodes.MAX_DEPTH; depth++) {
            kept = kept.get(0);
        }
        assertTrue(kept.isTextual(), kept.getNodeType().toString());
        assertTrue(kept.textValue().contains("bottom"));
        assertTrue(Json.mapper().writeValueAsString(event).length() > 1_000); // serialises, nesting and all
    }

    @Test
    void splitsSubTechniquesAndKeepsWhatIsNotAttack() {
        ObjectNode alert = minimal().put("category", "SuspiciousActivity");
        alert.putArray("mitreTechniques").add("T1059.001").add("T1566").add("not-a-technique");
        ObjectNode event = normalizer.normalize(alert, "t");
        JsonNode attacks = event.at("/finding_info/attacks");
        assertEquals("T1059", attacks.at("/0/technique/uid").textValue());
        assertEquals("T1059.001", attacks.at("/0/sub_technique/uid").textValue());
        assertEquals("T1566", attacks.at("/1/technique/uid").textValue());
        assertFalse(attacks.get(1).has("sub_technique"));
        assertFalse(attacks.get(0).has("tactic"));
        assertEquals("SuspiciousActivity", event.at("/unmapped/category").textValue());
        assertEquals("not-a-technique", event.at("/unmapped/mitreTechniques/0").textValue());
    }

    @Test
    void tacticAloneMakesAnAttack() {
        ObjectNode event = normalizer.normalize(minimal().put("category", "DefenseEvasion"), "t");
        assertEquals("TA0005", event.at("/finding_info/attacks/0/tactic/uid").textValue());
        assertEquals("Defense Evasion", event.at("/finding_info/attacks/0/tactic/name").textValue());
        assertFalse(event.with("unmapped").has("category"));
    }

    @Test
    void recognisesAnonymizedEvidenceByItsFieldsAndIgnoresNonHexHashes() {
        JsonNode event = normalizer.normalize(Samples.alert("connector-doc-sample-record"), "t");
        JsonNode evidences = event.get("evidences");
        assertEquals(5, evidences.size());
        assertEquals("6acf0a18-18b0-2e80-b3d2-faf3ed4627f0", evidences.at("/0/device/uid").textValue());
        assertEquals("Jane Smith", evidences.at("/1/user/name").textValue());
        assertEquals("http://127.0.0.1", evidences.at("/2/url/url_string").textValue());
        assertEquals("127.0.0.1", evidences.at("/3/src_endpoint/ip").textValue());
        assertEquals("powershell.exe", evidences.at("/4/process/name").textValue());
        assertFalse(evidences.at("/4/process/file").has("hashes"));
        event.get("observables").forEach(o -> assertTrue(o.get("type_id").intValue() != Observables.HASH));
    }

    @Test
    void mapsRealHashesWithTheirAlgorithm() {
        ObjectNode alert = minimal();
        ObjectNode file = alert.putArray("evidence").addObject()
                .put("@odata.type", "#microsoft.graph.security.fileEvidence").putObject("fileDetails");
        file.put("fileName", "evil.dll").put("filePath", "/tmp").put("md5", "D41D8CD98F00B204E9800998ECF8427E")
                .put("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709").put("sha256", "zz" + "0".repeat(62));
        JsonNode event = normalizer.normalize(alert, "t");
        JsonNode hashes = event.at("/evidences/0/file/hashes");
        assertEquals(2, hashes.size());
        assertEquals(1, hashes.at("/0/algorithm_id").intValue());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", hashes.at("/0/value").textValue());
        assertEquals(2, hashes.at("/1/algorithm_id").intValue());
        assertEquals("/tmp/evil.dll", event.at("/evidences/0/file/path").textValue());
    }

    @Test
    void keepsUnknownAndIncompleteEvidenceVerbatimInUnmapped() {
        ObjectNode alert = minimal();
        var evidence = alert.putArray("evidence");
        evidence.addObject().put("@odata.type", "#microsoft.graph.security.kubernetesPodEvidence")
                .put("name", "web-0").putNull("namespace");
        evidence.addObject().put("@odata.type", "#microsoft.graph.security.ipEvidence").put("ipAddress", "nope");
        evidence.add(42);
        JsonNode event = normalizer.normalize(alert, "t");
        assertFalse(event.has("evidences"));
        JsonNode kept = event.at("/unmapped/evidence");
        assertEquals(3, kept.size());
        assertEquals("web-0", kept.at("/0/name").textValue());
        assertFalse(kept.get(0).has("namespace"));
        assertEquals("nope", kept.at("/1/ipAddress").textValue());
        assertEquals(42, kept.at("/2").intValue());
    }

    @Test
    void placesIpByRoleAndGivesResourcesTheirRole() {
        ObjectNode alert = minimal();
        var evidence = alert.putArray("evidence");
        evidence.addObject().put("@odata.type", "#microsoft.graph.security.ipEvidence").put("ipAddress", "203.0.113.9")
                .putArray("roles").add("contextual").add("attacker");
        evidence.addObject().put("@odata.type", "#microsoft.graph.security.ipEvidence").put("ipAddress", "2001:db8::2")
                .putArray("roles").add("destination");
        evidence.addObject().put("@odata.type", "#microsoft.graph.security.urlEvidence").put("url", "http://x.example")
                .putArray("roles").add("brandNewRole");
        JsonNode event = normalizer.normalize(alert, "t");
        assertEquals("203.0.113.9", event.at("/evidences/0/src_endpoint/ip").textValue());
        assertEquals("2001:db8::2", event.at("/evidences/1/dst_endpoint/ip").textValue());
        assertEquals(2, event.at("/resources/0/role_id").intValue());
        assertEquals("Actor", event.at("/resources/0/role").textValue());
        assertEquals(1, event.at("/resources/1/role_id").intValue());
        assertEquals(99, event.at("/resources/2/role_id").intValue());
        assertEquals("brandNewRole", event.at("/resources/2/role").textValue());
    }

    @Test
    void carriesTenantCategoryAndIngestMarkers() {
        Finding normalized = normalizer.map(minimal().put("serviceSource", "microsoftDefenderForEndpoint")
                .put("productName", "Microsoft Defender for Endpoint"), "contoso");
        JsonNode unmapped = normalized.event().get("unmapped");
        assertEquals("contoso", unmapped.at("/relay/tenant").textValue());
        assertEquals("Antivirus", unmapped.at("/relay/category").textValue());
        assertEquals("GRAPH_ALERTS", unmapped.at("/ingest/product").textValue());
        assertEquals("v2", unmapped.at("/ingest/version").textValue());
        assertEquals("microsoftDefenderForEndpoint", unmapped.get("serviceSource").textValue());
        assertEquals("Microsoft Defender for Endpoint", normalized.event().at("/metadata/product/name").textValue());
        assertEquals("Antivirus", normalized.category());
    }

    @Test
    void declaresTheIncidentProfileForVerdictAssigneeAndIncidentLink() {
        ObjectNode event = normalizer.normalize(minimal().put("assignedTo", "Automation")
                .put("incidentWebUrl", "https://security.microsoft.com/incidents/7"), "t");
        assertEquals("[\"incident\"]", event.at("/metadata/profiles").toString());
        assertEquals(0, event.get("verdict_id").intValue(), "no classification yet: Unknown");
        assertEquals("{\"name\":\"Automation\"}", event.get("assignee").toString());
        assertEquals("https://security.microsoft.com/incidents/7", event.get("src_url").textValue());
        assertFalse(event.get("unmapped").has("assignedTo") || event.get("unmapped").has("incidentWebUrl"));
    }

    @Test
    void putsOnlyAddressesInAddressAttributes() {
        ObjectNode alert = minimal();
        alert.putArray("evidence").addObject()
                .put("@odata.type", "#microsoft.graph.security.analyzedMessageEvidence")
                .put("networkMessageId", "m1").put("recipientEmailAddress", "a.b@contoso.example")
                .<ObjectNode>set("p2Sender", alert.objectNode().put("emailAddress", "IT Helpdesk"))
                .set("p1Sender", alert.objectNode().put("emailAddress", "bounce@mail.example.net"));
        JsonNode email = normalizer.normalize(alert, "t").at("/evidences/0/email");
        assertEquals("IT Helpdesk", email.get("from_mailbox").textValue());
        assertEquals("bounce@mail.example.net", email.get("return_path").textValue());
        assertFalse(email.has("from") || email.has("smtp_from"), email::toString);
    }

    @Test
    void splitsUrlsIntoTheirPartsAndNamesFileExtensions() {
        ObjectNode alert = minimal();
        alert.putArray("evidence").addObject().put("@odata.type", "#microsoft.graph.security.urlEvidence")
                .put("url", "HTTPS://login.example.net:8443/a/b?x=1");
        JsonNode url = normalizer.normalize(alert, "t").at("/evidences/0/url");
        assertEquals("{\"url_string\":\"HTTPS://login.example.net:8443/a/b?x=1\",\"scheme\":\"https\","
                + "\"hostname\":\"login.example.net\",\"port\":8443,\"path\":\"/a/b\",\"query_string\":\"x=1\"}",
                url.toString());
        assertEquals("{\"url_string\":\"not a url\"}", UrlParts.url("not a url").toString());
    }

    @Test
    void readsTheTacticsOfCategoriesAndKeepsTheOthers() {
        ObjectNode alert = minimal().put("category", "InitialAccess");
        alert.putArray("categories").add("InitialAccess").add("CredentialAccess");
        alert.putArray("mitreTechniques").add("T1566.002");
        JsonNode event = normalizer.normalize(alert, "t");
        assertEquals("[{\"technique\":{\"uid\":\"T1566\"},\"sub_technique\":{\"uid\":\"T1566.002\"}},"
                + "{\"tactic\":{\"uid\":\"TA0001\",\"name\":\"Initial Access\"}},"
                + "{\"tactic\":{\"uid\":\"TA0006\",\"name\":\"Credential Access\"}}]",
                event.at("/finding_info/attacks").toString());
        assertFalse(event.get("unmapped").has("categories") || event.get("unmapped").has("category"));
        alert.withArray("categories").add("SuspiciousActivity");
        assertEquals("[\"InitialAccess\",\"CredentialAccess\",\"SuspiciousActivity\"]",
                normalizer.normalize(alert, "t").at("/unmapped/categories").toString());
    }

    @Test
    void marksSuppressionRuleResolvesAsSuppressed() {
        Finding finding = normalizer.map(minimal().put("status", "resolved").put("assignedTo", "Suppression rule")
                .putNull("classification").putNull("determination"), "t");
        assertTrue(finding.suppressed());
        assertEquals(3, finding.event().get("activity_id").intValue(), "still a Close");
        assertEquals(3, finding.event().get("status_id").intValue());
        assertEquals("Suppressed", finding.event().get("status").textValue());
        assertEquals("resolved", finding.event().get("status_code").textValue());
        assertEquals(0, finding.event().get("verdict_id").intValue(), "null classification is Unknown");
        assertFalse(finding.event().get("finding_info").has("types"));
        assertFalse(normalizer.map(minimal().put("status", "resolved").put("assignedTo", "soc@contoso.example"), "t")
                .suppressed());
    }

    @Test
    void givesTheUserItsHomeTenantAndCountsUnknownEvidence() {
        ObjectNode alert = minimal();
        alert.putArray("evidence").addObject().put("@odata.type", "#microsoft.graph.security.userEvidence")
                .putObject("userAccount").put("accountName", "guest").put("tenantId", "3f1e0000-0000-4000-8000-00000000abcd");
        alert.withArray("evidence").addObject().put("@odata.type", "#microsoft.graph.security.aiAgentEvidence")
                .put("agentName", "helpdesk-bot");
        Finding finding = normalizer.map(alert, "t");
        assertEquals("3f1e0000-0000-4000-8000-00000000abcd", finding.event().at("/evidences/0/user/org/uid").textValue());
        assertEquals(1, finding.unmappedEvidence());
        assertEquals("helpdesk-bot", finding.event().at("/unmapped/evidence/0/agentName").textValue());
    }
}
