package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page read token by token must say what a tree of it says: each alert's bytes parse to its subtree. */
class AlertsPageTest {
    private static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-01T01:00:00Z"));

    private static AlertsPage parse(String page) {
        return AlertsPage.parse(page.getBytes(StandardCharsets.UTF_8), WINDOW);
    }

    private static JsonNode tree(byte[] json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void eachAlertKeepsItsOwnBytesAndItsKeptFields() throws Exception {
        String page = """
                {"@odata.context":"x","@odata.count":"3","value":[
                 {"id":"a","title":"caf\\u00e9 \u00e9\u00e8 \uD83D\uDE00","evidence":[{"id":"nested","lastUpdateDateTime":"no"}],
                  "lastUpdateDateTime":"2026-11-01T00:00:01Z","status":"new","severity":null,"serviceSource":{"x":1}},
                 { "id" : 7 , "lastUpdateDateTime" : "2026-11-01T00:00:02Z" },
                 "not an object", [1, 2], null,
                 {"id":"b","id":"c"}
                ],"@odata.nextLink":"https://graph.microsoft.com/v1.0/security/alerts_v2?$skip=6"}""";
        AlertsPage read = parse(page);
        JsonNode expected = Json.mapper().readTree(page).get("value");
        assertEquals(expected.size(), read.alerts().size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), tree(read.alerts().get(i).json()), "alert " + i);
            PagedAlert alert = read.alerts().get(i);
            for (String field : PagedAlert.KEPT) {
                assertEquals(expected.get(i).path(field).asText(""), alert.text(field), "alert " + i + " " + field);
            }
        }
        assertEquals("a@2026-11-01T00:00:01Z", read.alerts().get(0).key());
        assertEquals("7", read.alerts().get(1).id());
        assertEquals("c", read.alerts().get(5).id(), "a repeated member counts as its last occurrence");
        assertEquals("\"not an object\"", read.alerts().get(2).toString());
        assertEquals(3, read.count());
        assertEquals("https://graph.microsoft.com/v1.0/security/alerts_v2?$skip=6", read.nextLink());
    }

    @Test
    void nullOrAbsentCountAndLinkAreAbsentAndTheLastValueCounts() {
        AlertsPage read = parse("{\"value\":[{\"id\":\"x\"}],\"@odata.count\":null,\"@odata.nextLink\":null,"
                + "\"value\":[]}");
        assertEquals(List.of(), read.alerts());
        assertEquals(-1, read.count());
        assertNull(read.nextLink());
        assertEquals(0, parse("{\"value\":[],\"@odata.count\":{\"n\":5}}").count(), "as asLong() reads an object");
    }

    @Test
    void whatIsNoPageIsRefusedWithTheWindowNamed() {
        for (String page : List.of("", "[]", "null", "{\"value\":{}}", "{\"value\":[1],\"value\":\"no\"}",
                "{\"values\":[]}")) {
            GraphResponseException e = assertThrows(GraphResponseException.class, () -> parse(page), page);
            assertTrue(e.getMessage().contains("without a value[] array for " + WINDOW), e.getMessage());
        }
        for (String page : List.of("{\"value\":[{\"id\":\"a\"}", "{\"value\":[{\"id\":a}]}", "{\"value\":[}")) {
            GraphResponseException e = assertThrows(GraphResponseException.class, () -> parse(page), page);
            assertTrue(e.getMessage().contains("malformed page for " + WINDOW), e.getMessage());
        }
    }
}
