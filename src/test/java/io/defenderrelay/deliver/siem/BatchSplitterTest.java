package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.Json;
import io.defenderrelay.testing.SampleEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSplitterTest {
    private final WebhookFormat array = new WebhookFormat(WebhookFormat.Layout.ARRAY);

    @Test
    void boundsEveryBatchByCount() {
        List<Batch> batches = new BatchSplitter(new BatchLimits(10, Long.MAX_VALUE, false)).split(SampleEvents.events(25), array);

        assertEquals(List.of(10, 10, 5), batches.stream().map(Batch::size).toList());
    }

    @Test
    void boundsEveryBodyByBytesAfterSerialisationAndKeepsOrder() throws IOException {
        List<ObjectNode> events = SampleEvents.variedEvents(300, 7);
        long maxBytes = 20_000;

        List<Batch> batches = new BatchSplitter(new BatchLimits(1_000, maxBytes, false)).split(events, array);

        for (Batch batch : batches) {
            assertTrue(batch.body().length <= maxBytes, "body of " + batch.body().length + " bytes");
            JsonNode parsed = Json.mapper().readTree(batch.body());
            assertEquals(batch.size(), parsed.size());
        }
        assertEquals(events, batches.stream().flatMap(batch -> batch.events().stream()).toList());
    }

    @Test
    void fillsBatchesUpToTheExactByteLimit() {
        List<ObjectNode> events = SampleEvents.events(2);
        long twoEvents = array.body(events).length;

        assertEquals(1, new BatchSplitter(new BatchLimits(10, twoEvents, false)).split(events, array).size());
        assertEquals(2, new BatchSplitter(new BatchLimits(10, twoEvents - 1, false)).split(events, array).size());
    }

    @Test
    void sendsAnEventLargerThanTheLimitAlone() {
        List<ObjectNode> events = SampleEvents.events(3);
        events.get(1).put("message", "y".repeat(5_000));

        List<Batch> batches = new BatchSplitter(new BatchLimits(10, 1_000, false)).split(events, array);

        assertEquals(List.of(1, 1, 1), batches.stream().map(Batch::size).toList());
        assertArrayEquals(array.body(List.of(events.get(1))), batches.get(1).body());
    }

    @Test
    void gzipsBodiesWhenAskedAndSaysSo() throws IOException {
        List<ObjectNode> events = SampleEvents.events(50);

        Batch batch = new BatchSplitter(new BatchLimits(100, Long.MAX_VALUE, true)).split(events, array).get(0);

        assertEquals("gzip", batch.contentEncoding().orElseThrow());
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(batch.body())).readAllBytes();
        assertEquals(Json.mapper().valueToTree(events), Json.mapper().readTree(plain));
        assertTrue(batch.body().length < plain.length); // how much smaller is the deflater's business
        assertFalse(new BatchSplitter(new BatchLimits(100, Long.MAX_VALUE, false)).split(events, array).get(0)
                .contentEncoding().isPresent());
    }

    @Test
    void makesNoBatchForNoEvents() {
        assertTrue(new BatchSplitter(BatchLimits.hec(false)).split(List.of(), array).isEmpty());
    }
}
