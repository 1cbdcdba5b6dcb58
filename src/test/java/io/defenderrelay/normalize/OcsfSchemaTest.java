package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sample events satisfy the official OCSF 1.8.0 schema and the relay's rules, and the validator catches each way an
 * event can break, naming the place and the rule.
 */
class OcsfSchemaTest {
    private final OcsfSchema schema = new OcsfSchema();

    /** One way to break a valid event, and the words the validator must report it with. */
    record Mutation(String name, Consumer<ObjectNode> breakIt, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Samples.Sample> samples() {
        return Samples.all();
    }

    static List<Mutation> mutations() {
        return List.of(
                new Mutation("unknown attribute", e -> e.put("tenant", "contoso"),
                        "tenant: detection_finding has no attribute 'tenant'"),
                new Mutation("unknown attribute in an object", e -> evidence(e, 0).with("email").put("smtp_helo", "x"),
                        "evidences[0].email.smtp_helo: email has no attribute 'smtp_helo'"),
                new Mutation("wrong type", e -> e.put("time", "2026-10-01T00:41:55Z"),
                        "time: expected timestamp_t (long_t), got string '2026-10-01T00:41:55Z'"),
                new Mutation("integer beyond integer_t", e -> e.put("timezone_offset", 1L << 40),
                        "timezone_offset: expected integer_t, got number"),
                new Mutation("value not matching its type's regex", e -> evidence(e, 0).with("email").put("from", "IT"),
                        "evidences[0].email.from: 'IT' does not match the email_t regex"),
                new Mutation("value outside its type's range", e -> evidence(e, 2).with("url").put("port", 70_000),
                        "evidences[2].url.port: 70000 is outside port_t's range"),
                new Mutation("value longer than its type's max_len",
                        e -> evidence(e, 3).with("src_endpoint").put("ip", "2001:0db8:0000:0000:0000:0000:0000:0001%eth0"),
                        "is longer than ip_t's max_len 40"),
                new Mutation("missing required attribute", e -> e.with("finding_info").remove("uid"),
                        "finding_info.uid: required by finding_info but missing"),
                new Mutation("missing required object", e -> e.remove("metadata"),
                        "metadata: required by detection_finding but missing"),
                new Mutation("enum id out of range", e -> e.put("severity_id", 7).put("severity", "Severe"),
                        "severity_id: 7 is not a value of its enum"),
                new Mutation("caption that is not the id's", e -> e.put("severity", "Severe"),
                        "severity is 'Severe' but severity_id 4 is captioned 'High'"),
                new Mutation("observable type that is a path", e -> observable(e, 6).put("type", "email.uid"),
                        "observables[6].type is 'email.uid' but type_id 41 is captioned 'Email Object: uid'"),
                new Mutation("evidence verdict caption mismatch", e -> evidence(e, 3).put("verdict", "Malicious"),
                        "evidences[3].verdict is 'Malicious' but verdict_id 4 is captioned 'Suspicious'"),
                new Mutation("profile attribute without its profile", e -> e.with("metadata").remove("profiles"),
                        "verdict_id: belongs to the profile incident, which metadata.profiles does not declare"),
                new Mutation("profile the class does not have",
                        e -> e.with("metadata").withArray("profiles").add("windows"),
                        "metadata.profiles names 'windows', which is not a profile of detection_finding"),
                new Mutation("wrong type_uid", e -> e.put("type_uid", 200403).put("type_name", "Detection Finding: Close"),
                        "type_uid 200403 is not class_uid × 100 + activity_id = 200402"),
                new Mutation("type_name that is not type_uid's caption", e -> e.put("type_name", "Detection Finding"),
                        "type_name is 'Detection Finding' but type_uid 200402 is captioned 'Detection Finding: Update'"),
                new Mutation("at_least_one constraint broken", e -> evidence(e, 1).with("user").removeAll()
                        .put("full_name", "Marta Ortiz"),
                        "evidences[1].user: needs at least one of [account, name, uid]"),
                new Mutation("evidence with none of its artifacts", e -> evidence(e, 2).remove("url"),
                        "evidences[2]: needs at least one of [actor, api"),
                new Mutation("just_one constraint broken", e -> e.withArray("vulnerabilities").addObject()
                        .<ObjectNode>set("cve", e.objectNode().put("uid", "CVE-2024-3400"))
                        .set("cwe", e.objectNode().put("uid", "CWE-77")),
                        "vulnerabilities[0]: needs exactly one of [advisory, cve, cwe], has 2"),
                new Mutation("array where a scalar belongs", e -> e.with("finding_info").putArray("title").add("t"),
                        "finding_info.title: expected one string_t, got an array"),
                new Mutation("scalar where an array belongs", e -> evidence(e, 0).with("email").put("to", "a@b.example"),
                        "evidences[0].email.to: expected an array of email_t, got string"),
                new Mutation("object where a scalar belongs", e -> e.putObject("message").put("text", "x"),
                        "message: expected string_t, got object"),
                new Mutation("scalar where an object belongs", e -> e.put("finding_info", "fa3f1b2c"),
                        "finding_info: expected a finding_info object, got string"),
                new Mutation("raw_data that is not a string", e -> e.putObject("raw_data").put("id", "fa3f"),
                        "raw_data: expected string_t, got object"),
                new Mutation("wrong class", e -> e.put("class_uid", 2005).put("type_uid", 200501),
                        "class_uid: 2005 is not a value of its enum [2004]"),
                new Mutation("other schema version", e -> e.with("metadata").put("version", "1.3.0"),
                        "metadata.version is '1.3.0' but the event is checked against OCSF 1.8.0"),
                new Mutation("null value (relay rule, and a type error)", e -> e.with("finding_info").putNull("desc"),
                        "finding_info.desc: null where string_t is expected"),
                new Mutation("\"null\" text in unmapped (relay rule)", e -> e.with("unmapped").put("assignedTo", "null"),
                        "unmapped.assignedTo: the text \"null\""),
                new Mutation("digest that is not hex of its length (relay rule)", e -> evidence(e, 0).putObject("file")
                        .put("name", "a.exe").put("type_id", 1).putArray("hashes").addObject()
                        .put("algorithm_id", 3).put("value", "not-a-sha256"),
                        "evidences[0].file.hashes[0].value 'not-a-sha256' is not a 64-digit hex digest"),
                new Mutation("observable name that leads elsewhere (relay rule)",
                        e -> observable(e, 1).put("name", "evidences[0].email.subject"),
                        "observables[1]: name 'evidences[0].email.subject' does not lead to its value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleEventSatisfiesTheOfficialSchema(Samples.Sample sample) {
        for (boolean includeRaw : new boolean[] {false, true}) {
            OcsfReport report = schema.check(Samples.normalizer(includeRaw).normalize(sample.alert(), "contoso"));
            assertEquals(List.of(), report.errors());
            assertEquals(List.of(), report.warnings());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void catchesTheBrokenEventWithAClearMessage(Mutation mutation) {
        ObjectNode event = validEvent();
        mutation.breakIt().accept(event);
        List<String> errors = schema.violations(event);
        assertTrue(errors.stream().anyMatch(error -> error.contains(mutation.expected())),
                () -> "expected an error containing \"" + mutation.expected() + "\", got " + errors);
    }

    @Test
    void deprecatedAttributeIsAWarningNotAnError() {
        ObjectNode event = validEvent();
        evidence(event, 0).with("email").put("smtp_from", "it-support@mailbox-quota.example.net");
        OcsfReport report = schema.check(event);
        assertEquals(List.of(), report.errors());
        assertEquals(List.of("evidences[0].email.smtp_from is deprecated since 1.4.0: Use the from attribute "
                + "instead."), report.warnings());
    }

    @Test
    void otherTakesAnyCaptionAndUnmappedTakesAnything() {
        ObjectNode event = validEvent();
        event.put("severity_id", 99).put("severity", "Sev-2 (vendor scale)");
        event.with("unmapped").putObject("future").put("x_attribute", 1).putArray("deep").addArray().add(true);
        assertEquals(List.of(), schema.violations(event));
    }

    @Test
    void countsMissingRecommendedAttributesByPath() {
        ObjectNode event = validEvent();
        event.remove("observables");
        event.with("finding_info").remove("title");
        List<String> missing = schema.check(event).missingRecommended();
        assertTrue(missing.contains("observables") && missing.contains("finding_info.title"), missing::toString);
        assertTrue(missing.contains("evidences[].src_endpoint.port"), missing::toString);
    }

    private ObjectNode validEvent() {
        ObjectNode event = Samples.normalizer(true).normalize(Samples.alert("mdo-phish-page.0"), "contoso");
        assertEquals(List.of(), schema.violations(event));
        return event;
    }

    private static ObjectNode evidence(ObjectNode event, int index) {
        return (ObjectNode) event.withArray("evidences").get(index);
    }

    private static ObjectNode observable(ObjectNode event, int index) {
        return (ObjectNode) event.withArray("observables").get(index);
    }
}
