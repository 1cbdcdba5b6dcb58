package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.Json;
import io.defenderrelay.testing.EmbeddedOpenSearch;
import io.defenderrelay.testing.SampleEvents;
import io.defenderrelay.testing.TestHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BulkFormat} bodies and {@link BulkResponse} outcomes against a real OpenSearch node. */
class BulkSinkTest {
    private final EmbeddedOpenSearch search = EmbeddedOpenSearch.instance();

    @Test
    void createsEveryDocumentUnderItsStableId() throws Exception {
        search.deleteIndex("bulk-created");
        List<ObjectNode> events = SampleEvents.events(10);

        BulkResponse response = send(BulkFormat.body(events, "bulk-created"), events);

        assertEquals(10, response.count(BulkResponse.Outcome.CREATED));
        assertEquals(10, search.count("bulk-created"));
    }

    @Test
    void reSentWindowIsAlreadyDeliveredAndCreatesNoDuplicates() throws Exception {
        search.deleteIndex("bulk-resend");
        List<ObjectNode> events = SampleEvents.events(10);
        send(BulkFormat.body(events.subList(0, 4), "bulk-resend"), events.subList(0, 4));

        BulkResponse response = send(BulkFormat.body(events, "bulk-resend"), events);

        assertEquals(4, response.count(BulkResponse.Outcome.ALREADY_DELIVERED));
        assertEquals(6, response.count(BulkResponse.Outcome.CREATED));
        assertTrue(response.toRetry().isEmpty());
        assertEquals(10, search.count("bulk-resend"));
    }

    @Test
    void mappingErrorRejectsOnlyThatDocumentWithTheReason() throws Exception {
        search.deleteIndex("bulk-mapping");
        search.createIndex("bulk-mapping", "{\"properties\":{\"severity_id\":{\"type\":\"integer\"}}}");
        List<ObjectNode> events = SampleEvents.events(5);
        events.get(2).put("severity_id", "not-a-number");

        BulkResponse response = send(BulkFormat.body(events, "bulk-mapping"), events);

        assertEquals(1, response.rejected().size());
        BulkResponse.Item rejected = response.rejected().get(0);
        assertEquals(events.get(2), rejected.event());
        assertEquals(400, rejected.status());
        assertTrue(rejected.reason().startsWith("mapper_parsing_exception"), rejected.reason());
        assertEquals(4, search.count("bulk-mapping"));
    }

    @Test
    void batchesWithinTheByteLimitAreAllIndexed() throws Exception {
        search.deleteIndex("bulk-batches");
        List<ObjectNode> events = SampleEvents.variedEvents(200, 11);
        List<Batch> batches = new BatchSplitter(new BatchLimits(5_000, 50_000, true)).split(events, new BulkFormat("bulk-batches"));

        for (Batch batch : batches) {
            HttpResponse<String> answer = TestHttp.post(search.httpUrl() + "/_bulk", batch.body(),
                    "Content-Type", "application/x-ndjson", "Content-Encoding", "gzip");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(batch.size(), BulkResponse.parse(answer.body(), batch.events()).count(BulkResponse.Outcome.CREATED));
        }

        assertTrue(batches.size() > 1); // the premise: several requests (BatchSplitterTest pins the cuts)
        assertEquals(200, search.count("bulk-batches"));
    }

    @Test
    void writesCreateActionsAndEndsWithANewline() throws Exception {
        String body = new String(BulkFormat.body(SampleEvents.events(2), "siem-alerts"), StandardCharsets.UTF_8);

        String[] lines = body.split("\n");
        assertEquals(4, lines.length);
        assertTrue(body.endsWith("\n"));
        JsonNode action = Json.mapper().readTree(lines[2]);
        assertEquals("siem-alerts", action.at("/create/_index").asText());
        assertEquals("alert-1@2024-05-01T10:00:00Z", action.at("/create/_id").asText());
    }

    @Test
    void stopsOnAWholeRequestRefusalInsteadOfSplittingItIntoDeadLetters() throws Exception {
        byte[] unterminated = "{\"create\":{\"_index\":\"x\",\"_id\":\"1\"}}\n{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = TestHttp.post(search.httpUrl() + "/_bulk", unterminated, "Content-Type", "application/x-ndjson");

        SinkReply.Fatal fatal = assertInstanceOf(SinkReply.Fatal.class, BulkResponse.ofStatus(answer.statusCode(), answer.body(), Optional.empty()));

        assertTrue(fatal.message().contains("terminated by a newline"), fatal.message());
        assertInstanceOf(SinkReply.Retry.class, BulkResponse.ofStatus(429, "", Optional.empty()));
    }

    @Test
    void refusesAnEventWithoutStableId() {
        ObjectNode event = SampleEvents.event(0);
        event.remove("metadata");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BulkFormat.body(List.of(event), "siem-alerts"));
        assertTrue(error.getMessage().contains("metadata.uid"), error.getMessage());
    }

    @Test
    void retriesOnlyThrottledAndServerFailedItems() {
        List<ObjectNode> events = SampleEvents.events(4);
        String body = "{\"errors\":true,\"items\":["
                + "{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}},"
                + "{\"create\":{\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary\"}}},"
                + "{\"index\":{\"status\":409}}]}";

        BulkResponse response = BulkResponse.parse(body, events);

        assertEquals(List.of(events.get(1), events.get(2)), response.toRetry());
        assertEquals(1, response.count(BulkResponse.Outcome.ALREADY_DELIVERED));
        assertEquals("es_rejected_execution_exception: queue full", response.items().get(1).reason());
    }

    @Test
    void refusesAnAnswerWhoseItemsDoNotMatchTheRequest() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> BulkResponse.parse("{\"errors\":false,\"items\":[]}", SampleEvents.events(2)));

        assertTrue(error.getMessage().contains("0 items for 2 documents"), error.getMessage());
    }

    private BulkResponse send(byte[] body, List<? extends JsonNode> events) throws Exception {
        HttpResponse<String> answer = TestHttp.post(search.httpUrl() + "/_bulk", body, "Content-Type", "application/x-ndjson");
        assertInstanceOf(SinkReply.Accepted.class, BulkResponse.ofStatus(answer.statusCode(), answer.body(), Optional.empty()));
        return BulkResponse.parse(answer.body(), events);
    }
}
