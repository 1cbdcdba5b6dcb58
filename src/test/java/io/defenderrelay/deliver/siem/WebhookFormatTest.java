package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.Json;
import io.defenderrelay.testing.SampleEvents;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookFormatTest {
    @Test
    void writesOneJsonArray() throws Exception {
        WebhookFormat format = new WebhookFormat(WebhookFormat.Layout.of("array"));

        JsonNode body = Json.mapper().readTree(format.body(SampleEvents.events(3)));

        assertTrue(body.isArray());
        assertEquals(3, body.size());
        assertEquals("application/json", format.contentType());
    }

    @Test
    void writesOneEventPerLineWithAFinalNewline() throws Exception {
        WebhookFormat format = new WebhookFormat(WebhookFormat.Layout.of("NDJSON"));

        String body = new String(format.body(SampleEvents.events(3)), StandardCharsets.UTF_8);

        String[] lines = body.split("\n");
        assertEquals(3, lines.length);
        assertTrue(body.endsWith("\n"));
        assertEquals("alert-2", Json.mapper().readTree(lines[2]).at("/finding_info/uid").asText());
        assertEquals("application/x-ndjson", format.contentType());
    }

    @Test
    void namesTheValidLayoutsForAnUnknownOne() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> WebhookFormat.Layout.of("xml"));

        assertTrue(error.getMessage().contains("array or ndjson"), error.getMessage());
    }
}
