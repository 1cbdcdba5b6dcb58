package io.defenderrelay.normalize;

import io.defenderrelay.simulator.AlertGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every alert the simulator generates (12 000, all 48 evidence types; every other one with its enumerations swept
 * through all Graph members) becomes a Detection Finding valid against the official OCSF schema, with and without
 * raw_data. The missing-recommended statistics go to the test output.
 */
class GeneratedAlertsSchemaTest {
    private static final int ALERTS = 12_000;

    @Test
    void twelveThousandGeneratedAlertsSatisfyTheOfficialSchema() {
        OcsfSchema schema = new OcsfSchema();
        FindingMapper withoutRaw = Samples.normalizer(false);
        FindingMapper withRaw = Samples.normalizer(true);
        AlertGenerator generator = new AlertGenerator(20261001L);
        EnumSweep sweep = new EnumSweep();
        RecommendedStatistics statistics = new RecommendedStatistics();
        List<String> failures = new ArrayList<>();
        int suppressed = 0;
        int keptEvidence = 0;
        Set<String> mappedKinds = new TreeSet<>();
        Set<String> keptTypes = new TreeSet<>();
        Set<String> generatedTypes = new TreeSet<>();
        for (int i = 0; i < ALERTS; i++) {
            ObjectNode alert = generator.alert();
            alert.path("evidence").forEach(e -> generatedTypes.add(e.path("@odata.type").asText()));
            if (i % 2 == 1) {
                sweep.apply(alert, i / 2);
            }
            Finding finding = withoutRaw.map(alert, "sim");
            ObjectNode event = finding.event();
            if (finding.suppressed()) {
                suppressed++;
                assertEquals(3, event.get("status_id").intValue(), "a suppression-rule resolve is Suppressed");
            }
            keptEvidence += finding.unmappedEvidence();
            OcsfReport report = schema.check(event);
            statistics.add(report);
            List<String> errors = new ArrayList<>(report.errors());
            errors.addAll(schema.check(withRaw.normalize(alert, "sim")).errors());
            if (!errors.isEmpty() && failures.size() < 10) {
                failures.add(alert.get("id").textValue() + ": " + errors);
            }
            event.path("evidences").forEach(e -> mappedKinds.add(e.get("name").textValue()));
            event.at("/unmapped/evidence").forEach(e -> keptTypes.add(e.path("@odata.type").asText()));
        }
        System.out.print(statistics.summary("simulator alerts"));
        System.out.printf("suppression-rule resolves: %d; evidence items kept in unmapped: %d%n", suppressed,
                keptEvidence);
        System.out.printf("evidence types generated: %d; mapped: %s; kept whole in unmapped.evidence: %s%n",
                generatedTypes.size(), mappedKinds, keptTypes);
        assertEquals(List.of(), failures);
        assertEquals(0, statistics.invalidEvents());
        assertEquals(Map.of(), sweep.uncovered(), "every Graph enumeration member was exercised");
        Set<String> allKinds = new TreeSet<>();
        EnumSet.allOf(EvidenceKind.class).forEach(kind -> allKinds.add(kind.graphName()));
        assertEquals(allKinds, mappedKinds, "every evidence type the relay maps was generated and mapped");
        assertEquals(48, generatedTypes.size(), generatedTypes.toString());
        Set<String> notMapped = new TreeSet<>(generatedTypes);
        allKinds.forEach(kind -> notMapped.remove("#microsoft.graph.security." + kind));
        assertEquals(notMapped, keptTypes, "the types the relay does not map are kept whole");
        assertTrue(suppressed > 0 && keptEvidence > 0, suppressed + " suppressed, " + keptEvidence + " kept");
    }

    @Test
    void generatedEvidenceIsMappedRatherThanKeptVerbatim() {
        FindingMapper normalizer = Samples.normalizer(false);
        AlertGenerator generator = new AlertGenerator(7L);
        for (int i = 0; i < 1_000; i++) {
            JsonNode event = normalizer.normalize(generator.alert(), "sim");
            event.at("/unmapped/evidence").forEach(kept -> assertTrue(EvidenceKind.of(kept).isEmpty(),
                    "an evidence type the relay maps fell back to unmapped: " + kept));
        }
    }
}
