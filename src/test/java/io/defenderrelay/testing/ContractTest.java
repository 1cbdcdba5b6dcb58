package io.defenderrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract check itself: each documented example fits its own contract, and each kind of departure is caught. */
class ContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"entra-token-success", "entra-token-error", "graph-alerts-page", "graph-error",
            "graph-throttled", "graph-partial"})
    void everyDocumentedExampleFitsItsOwnContract(String name) {
        Contract contract = Contract.load(name);

        assertEquals(List.of(), contract.mismatches(contract.status(), documentedHeaders(contract),
                contract.body()));
    }

    @Test
    void catchesAMissingMemberAWrongTypeAnUnexpectedNullAndABrokenFormat() {
        Contract page = Contract.load("graph-alerts-page");

        assertCaught(page, body -> alert(body).remove("lastUpdateDateTime"), "value/[]/lastUpdateDateTime is missing");
        assertCaught(page, body -> body.put("@odata.count", "3"), "@odata.count is string (\"3\"), documented as integer");
        assertCaught(page, body -> alert(body).putNull("id"), "value/[]/id is null");
        assertCaught(page, body -> alert(body).put("createdDateTime", "2026-10-01 00:10:00"),
                "value/[]/createdDateTime = \"2026-10-01 00:10:00\" does not match");
        assertCaught(page, body -> body.put("@odata.nextLink", "/v1.0/security/alerts_v2?$skip=1"),
                "@odata.nextLink = \"/v1.0/security/alerts_v2?$skip=1\" does not match");
        assertCaught(page, body -> {
            ArrayNode evidence = (ArrayNode) alert(body).get("evidence");
            evidence.add(((ObjectNode) evidence.get(0).deepCopy()).put("verdict", "bad"));
        }, "value/[]/evidence/[]/verdict = \"bad\" does not match");
    }

    @Test
    void acceptsWhatTheDocumentationLeavesOpen() {
        Contract page = Contract.load("graph-alerts-page");
        ObjectNode body = (ObjectNode) page.body();
        body.remove("@odata.context");
        alert(body).putNull("assignedTo").put("aNewerMember", 1);
        ((ArrayNode) body.get("value")).add(alert(page.body()));

        assertEquals(List.of(), page.mismatches(200, documentedHeaders(page), body));
    }

    @Test
    void catchesAMemberTheDocumentationSaysIsNotSent() {
        Contract token = Contract.load("entra-token-success");
        ObjectNode body = (ObjectNode) token.body();
        body.put("scope", "https://graph.microsoft.com/.default");

        assertEquals(List.of("scope is present, but the documentation says it is not sent"),
                token.mismatches(200, documentedHeaders(token), body));
    }

    @Test
    void catchesAWrongStatusAMissingHeaderAndABadHeaderFormat() {
        Contract throttled = Contract.load("graph-throttled");
        Map<String, List<String>> headers = new LinkedHashMap<>(documentedHeaders(throttled));
        headers.remove("Retry-After");

        assertEquals(List.of("status 503, documented 429", "header Retry-After is missing"),
                throttled.mismatches(503, headers, throttled.body()));
        headers.put("retry-after", List.of("soon"));
        assertTrue(throttled.mismatches(429, headers, throttled.body()).get(0)
                .startsWith("header Retry-After: soon does not match"));
    }

    @Test
    void refusesAFixtureWhoseDeclarationsNameNoDocumentedMember() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Contract.load("invalid/typo"));

        assertTrue(e.getMessage().contains("[value/[]/asignedTo]"), e.getMessage());
    }

    private static void assertCaught(Contract contract, Consumer<ObjectNode> change, String expected) {
        ObjectNode body = (ObjectNode) contract.body();
        change.accept(body);
        List<String> found = contract.mismatches(contract.status(), documentedHeaders(contract),
                body);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith(expected), found.get(0));
    }

    private static ObjectNode alert(JsonNode body) {
        return (ObjectNode) body.get("value").get(0);
    }

    private static Map<String, List<String>> documentedHeaders(Contract contract) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : List.of("Content-Type", "Date", "Retry-After", "Warning")) {
            if (contract.header(header) != null) {
                headers.put(header, List.of(contract.header(header)));
            }
        }
        return headers;
    }
}
