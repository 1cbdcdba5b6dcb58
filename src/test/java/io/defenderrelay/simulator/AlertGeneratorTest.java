package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertGeneratorTest {
    private static final Pattern SEVEN_DIGITS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z");
    private static final Pattern DOCUMENTATION_IP =
            Pattern.compile("(203\\.0\\.113|198\\.51\\.100|192\\.0\\.2)\\.\\d{1,3}|2001:db8:.*|fe80::.*|127\\.0\\.0\\.1");
    /** The derived types of alertEvidence that the Graph v1.0 documentation lists (2026). */
    private static final Set<String> DOCUMENTED_EVIDENCE = Stream.of("activeDirectoryDomain", "aiAgent",
                    "amazonResource", "analyzedMessage", "azureResource", "blobContainer", "blob", "cloudApplication",
                    "cloudLogonRequest", "cloudLogonSession", "container", "containerImage", "containerRegistry",
                    "device", "dns", "file", "fileHash", "gitHubOrganization", "gitHubRepo", "gitHubUser",
                    "googleCloudResource", "hostLogonSession", "iotDevice", "ip", "kubernetesCluster",
                    "kubernetesController", "kubernetesNamespace", "kubernetesPod", "kubernetesSecret",
                    "kubernetesServiceAccount", "kubernetesService", "mailboxConfiguration", "mailbox", "mailCluster",
                    "malware", "networkConnection", "nic", "oauthApplication", "process", "registryKey",
                    "registryValue", "sasToken", "securityGroup", "servicePrincipal", "submissionMail",
                    "teamsMessage", "url", "user")
            .map(type -> "#microsoft.graph.security." + type + "Evidence").collect(Collectors.toSet());

    private final List<ObjectNode> sample = sample(new AlertGenerator(42), 600);

    @Test
    void coversAll48DocumentedEvidenceTypesWithTheCommonOnesCommon() {
        Map<String, Long> counts = sample(new AlertGenerator(42), 3000).stream()
                .flatMap(alert -> each(alert.get("evidence")))
                .collect(Collectors.groupingBy(e -> e.get("@odata.type").asText(), TreeMap::new, Collectors.counting()));
        assertEquals(48, DOCUMENTED_EVIDENCE.size());
        assertEquals(DOCUMENTED_EVIDENCE, counts.keySet());
        long users = counts.get("#microsoft.graph.security.userEvidence");
        long devices = counts.get("#microsoft.graph.security.deviceEvidence");
        assertTrue(users > 1500 && devices > 900, counts.toString());
        for (String rare : List.of("dns", "fileHash", "teamsMessage", "aiAgent", "cloudLogonRequest", "iotDevice",
                "kubernetesSecret", "gitHubRepo", "sasToken")) {
            long count = counts.get("#microsoft.graph.security." + rare + "Evidence");
            assertTrue(count * 5 < devices, rare + " is rare: " + counts);
        }
        System.out.println("evidence types in 3000 generated alerts: " + counts);
    }

    @Test
    void coversEveryEnumMemberAGeneratedAlertCanHave() {
        // the three newest sources come only from alerts a test stores: the provider catalog predates them
        assertCovers("serviceSource", minus(GraphEnums.SERVICE_SOURCES, "unknownFutureValue", "microsoftSentinel",
                "microsoftInsiderRiskManagement", "microsoftThreatIntelligence"));
        assertCovers("detectionSource", minus(GraphEnums.DETECTION_SOURCES, "unknownFutureValue"));
        assertCovers("severity", minus(GraphEnums.SEVERITIES, "unknownFutureValue"));
        assertCovers("status", minus(GraphEnums.STATUSES, "unknownFutureValue"));
        // 2026: an alert nobody classified carries null, no longer "unknown"
        assertCovers("classification", withNull(minus(GraphEnums.CLASSIFICATIONS, "unknownFutureValue", "unknown")));
        assertCovers("determination", withNull(minus(GraphEnums.DETERMINATIONS, "unknownFutureValue", "unknown")));
        assertTrue(sample.stream().anyMatch(alert -> "resolved".equals(alert.get("status").asText())
                && alert.get("classification").isNull()));
    }

    @Test
    void hasTheShapeOf2026CategoriesSuppressionRuleResolvesAndHomeTenants() {
        sample.forEach(alert -> assertEquals(alert.get("category").asText(), alert.at("/categories/0").asText()));
        assertTrue(sample.stream().anyMatch(alert -> "resolved".equals(alert.get("status").asText())
                && AlertGenerator.SUPPRESSION_RULE.equals(alert.get("assignedTo").asText())));
        assertTrue(sample.stream().flatMap(alert -> each(alert.get("evidence")))
                .filter(e -> e.has("userAccount")).allMatch(e -> e.at("/userAccount/tenantId").isTextual()));
    }

    @Test
    void firstTenAlertsCoverEveryServiceSource() {
        Set<String> sources = new HashSet<>();
        sample.subList(0, 10).forEach(a -> sources.add(a.get("serviceSource").asText()));
        assertEquals(10, sources.size());
    }

    @Test
    void carriesMitreTacticsSubTechniquesCommentsTagsAndPortalLinks() {
        assertTrue(collect(a -> each(a.get("mitreTechniques")).map(JsonNode::asText)).stream()
                .anyMatch(t -> t.matches("T\\d{4}\\.\\d{3}")));
        assertEquals(ProviderCatalog.PROFILES.stream().flatMap(profile -> profile.scenarios().stream())
                .map(ProviderProfile.Scenario::category).collect(Collectors.toSet()),
                collect(a -> Stream.of(a.get("category").asText())), "every category of the catalog's scenarios");
        // how many carry tags is an accident of the seed: the point is that some do
        assertTrue(sample.stream().anyMatch(a -> a.get("systemTags").size() > 0));
        for (ObjectNode alert : sample) {
            assertTrue(alert.get("alertWebUrl").asText().startsWith("https://security.microsoft.com/alerts/"
                    + alert.get("id").asText()));
            assertTrue(alert.get("incidentWebUrl").asText().contains(alert.get("incidentId").asText()));
        }
        AlertGenerator generator = new AlertGenerator(1);
        AlertFacts later = generator.nextVersion(generator.nextVersion(generator.facts(5, Instant.parse(
                "2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T00:10:00Z")), Instant.parse("2026-10-01T01:00:00Z"),
                "inProgress"), Instant.parse("2026-10-01T02:00:00Z"), "resolved");
        JsonNode resolved = generator.alert(later);
        assertEquals(2, resolved.get("comments").size());
        assertEquals("2026-10-01T02:00:00.0000000Z", resolved.get("resolvedDateTime").asText());
        assertTrue(resolved.hasNonNull("classification"));
    }

    @Test
    void writesTimestampsWithSevenFractionalDigitsAndUsesDocumentationAddresses() {
        for (ObjectNode alert : sample) {
            assertTrue(SEVEN_DIGITS.matcher(alert.get("createdDateTime").asText()).matches());
            assertTrue(SEVEN_DIGITS.matcher(alert.get("lastUpdateDateTime").asText()).matches());
            each(alert.get("evidence")).forEach(e -> assertTrue(
                    SEVEN_DIGITS.matcher(e.get("createdDateTime").asText()).matches()));
        }
        Set<String> addresses = new TreeSet<>();
        // nic and IoT evidence name their address as a nested ipEvidence, which holds the text
        sample.forEach(alert -> alert.findValues("ipAddress").stream().filter(JsonNode::isTextual)
                .forEach(ip -> addresses.add(ip.asText())));
        sample.forEach(alert -> alert.findValues("senderIp").forEach(ip -> addresses.add(ip.asText())));
        sample.forEach(alert -> alert.findValues("ipInterfaces").forEach(list -> list.forEach(ip -> addresses.add(ip.asText()))));
        assertTrue(addresses.size() > 20); // varied addresses; how many is an accident of the seed
        addresses.forEach(ip -> assertTrue(DOCUMENTATION_IP.matcher(ip).matches(), ip));
        sample.forEach(alert -> alert.findValues("url").forEach(url -> assertTrue(url.asText().contains(".example"))));
    }

    @Test
    void sameSeedSameAlertsAndSameFactsSameJson() {
        assertEquals(sample.subList(0, 20), sample(new AlertGenerator(42), 20));
        assertNotEquals(sample.subList(0, 20), sample(new AlertGenerator(43), 20));
        AlertGenerator generator = new AlertGenerator("contoso", 9);
        AlertFacts facts = generator.facts(123, Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T00:05:00Z"));
        assertEquals(generator.alert(facts), new AlertGenerator("contoso", 1).alert(facts));
        assertTrue(generator.alert(facts).get("tenantId").asText().matches("[0-9a-f-]{36}"));
    }

    private void assertCovers(String field, List<String> members) {
        Set<String> seen = collect(alert -> Stream.of(alert.get(field).asText()));
        assertEquals(Set.copyOf(members), seen, field);
    }

    private Set<String> collect(java.util.function.Function<ObjectNode, Stream<String>> values) {
        return sample.stream().flatMap(values).collect(Collectors.toSet());
    }

    private static List<ObjectNode> sample(AlertGenerator generator, int count) {
        List<ObjectNode> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(generator.alert());
        }
        return alerts;
    }

    private static Stream<JsonNode> each(JsonNode array) {
        Iterator<JsonNode> elements = array.elements();
        List<JsonNode> list = new ArrayList<>();
        elements.forEachRemaining(list::add);
        return list.stream();
    }

    private static List<String> withNull(List<String> members) {
        return Stream.concat(members.stream(), Stream.of("null")).toList();
    }

    static List<String> minus(List<String> members, String... left) {
        return members.stream().filter(m -> !List.of(left).contains(m)).toList();
    }
}
