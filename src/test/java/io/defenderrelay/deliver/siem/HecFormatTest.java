package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.Json;
import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.SampleEvents;
import io.defenderrelay.testing.TestHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HecFormatTest {
    private static final String TOKEN = "hec-token";

    @Test
    void wrapsTheEventWithConfiguredMetadataAndTimeInSeconds() {
        ObjectNode envelope = new HecFormat("ocsf:detection_finding", "defender-relay", "security", "relay-1")
                .envelope(SampleEvents.event(0));

        assertEquals("1714557600.123", envelope.get("time").asText());
        assertTrue(envelope.get("time").isNumber());
        assertEquals("ocsf:detection_finding", envelope.get("sourcetype").asText());
        assertEquals("defender-relay", envelope.get("source").asText());
        assertEquals("security", envelope.get("index").asText());
        assertEquals("relay-1", envelope.get("host").asText());
        assertEquals("alert-0", envelope.at("/event/finding_info/uid").asText());
    }

    @Test
    void leavesBlankSettingsToTheTokenDefaults() {
        ObjectNode envelope = new HecFormat("ocsf", "", null, " ").envelope(SampleEvents.event(0));

        assertFalse(envelope.has("source"));
        assertFalse(envelope.has("index"));
        assertFalse(envelope.has("host"));
    }

    @Test
    void encodesTheEnvelopeAroundTheEventsOwnJson() {
        ObjectNode event = SampleEvents.event(0);
        event.remove("time"); // with no setting left either, the envelope holds the event alone
        for (HecFormat format : List.of(new HecFormat("ocsf", "relay", "security", "relay-1"),
                new HecFormat("", null, null, null))) {
            for (ObjectNode sample : List.of(SampleEvents.event(0), event)) {
                assertEquals(format.envelope(sample).toString(),
                        new String(format.encode(sample, JsonBytes.of(sample)), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void concatenatesEnvelopesInsteadOfWrappingThemInAnArray() throws Exception {
        byte[] body = new HecFormat("ocsf", null, null, null).body(SampleEvents.events(3));

        assertEquals('{', body[0]);
        List<JsonNode> envelopes = new ArrayList<>();
        try (MappingIterator<JsonNode> values = Json.mapper().readerFor(JsonNode.class).readValues(body)) {
            values.forEachRemaining(envelopes::add);
        }
        assertEquals(3, envelopes.size());
    }

    @Test
    void everyGzippedBatchIsAcceptedByTheHecReceiver() throws Exception {
        List<ObjectNode> events = SampleEvents.variedEvents(600, 42);
        HecFormat format = new HecFormat("ocsf", "defender-relay", "main", null);
        List<Batch> batches = new BatchSplitter(new BatchLimits(250, 100_000, true)).split(events, format);

        try (HecReceiver hec = HecReceiver.start(TOKEN)) {
            hec.maxContentLength(100_000);
            for (Batch batch : batches) {
                HttpResponse<String> response = TestHttp.post(hec.eventUrl(), batch.body(),
                        "Authorization", "Splunk " + TOKEN, "Content-Encoding", batch.contentEncoding().orElseThrow());
                assertInstanceOf(SinkReply.Accepted.class, HecResponse.parse(response.statusCode(), response.body()));
            }

            // the scenario's premise, not a count under test (BatchSplitterTest pins the cuts)
            assertTrue(batches.size() > 600 / 250, "byte limit cut more batches than the count limit alone");
            assertEquals(events, hec.events());
        }
    }
}
