package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Normalized events satisfy the OCSF 1.8.0 Detection Finding rules, and the rules do catch broken events. */
class OcsfSchemaTest {
    private final OcsfSchema schema = new OcsfSchema();
    private final FindingMapper normalizer = Samples.normalizer(true);

    static List<Samples.Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleEventSatisfiesDetectionFindingRules(Samples.Sample sample) {
        assertEquals(List.of(), schema.violations(normalizer.normalize(sample.alert(), "contoso")));
    }

    @Test
    void rejectsTypeUidThatIsNotClassTimesHundredPlusActivity() {
        ObjectNode event = sampleEvent();
        event.put("type_uid", 200403); // the sample is an Update: 200402
        assertFalse(schema.violations(event).isEmpty());
    }

    @Test
    void rejectsNullValuesAndNullStringsAtAnyDepth() {
        ObjectNode event = sampleEvent();
        event.with("finding_info").putNull("title");
        assertFalse(schema.violations(event).isEmpty());
        ObjectNode other = sampleEvent();
        other.with("unmapped").with("relay").put("tenant", "null");
        assertFalse(schema.violations(other).isEmpty());
    }

    @Test
    void rejectsMissingRequiredAttribute() {
        ObjectNode event = sampleEvent();
        event.remove("finding_info");
        assertFalse(schema.violations(event).isEmpty());
    }

    @Test
    void rejectsHashThatIsNotHex() {
        ObjectNode event = sampleEvent();
        event.withArray("evidences").addObject().putObject("file").put("name", "a.exe").put("type_id", 1)
                .putArray("hashes").addObject().put("algorithm_id", 3).put("value", "not-a-sha256");
        assertFalse(schema.violations(event).isEmpty());
    }

    @Test
    void rejectsScalarObservableWithoutValue() {
        ObjectNode event = sampleEvent();
        event.withArray("observables").addObject().put("name", "evidences[0].device.hostname").put("type_id", 1);
        assertFalse(schema.violations(event).isEmpty());
    }

    @Test
    void rejectsAttributeOutsideDetectionFinding() {
        ObjectNode event = sampleEvent();
        event.put("tenant", "contoso");
        assertFalse(schema.violations(event).isEmpty());
    }

    private ObjectNode sampleEvent() {
        ObjectNode event = normalizer.normalize(Samples.alert("mdo-phish-page.0"), "contoso");
        assertEquals(List.of(), schema.violations(event));
        return event;
    }
}
