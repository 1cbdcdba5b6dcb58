package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Elasticsearch/OpenSearch {@code _bulk} NDJSON (docs/sinks.md, _bulk): a {@code create} action with {@code _id} =
 * {@code metadata.uid} before each document, every line ending in {@code \n}. {@code create} with a stable id
 * makes a re-delivered event a 409 instead of a duplicate document.
 */
public final class BulkFormat implements BodyFormat {
    private final String index;

    public BulkFormat(String index) {
        if (index == null || index.isBlank()) {
            throw new IllegalArgumentException("the _bulk sink needs an index name: set relay.sink.siem.index");
        }
        this.index = index;
    }

    /** The whole {@code _bulk} body for these events. */
    public static byte[] body(List<? extends JsonNode> events, String index) {
        return BatchSplitter.body(events, new BulkFormat(index));
    }

    @Override
    public byte[] encode(JsonNode event, byte[] json) {
        ObjectNode action = Json.mapper().createObjectNode();
        action.putObject("create").put("_index", index).put("_id", id(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 128);
        out.writeBytes(JsonBytes.line(action));
        out.writeBytes(json);
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    static String id(JsonNode event) {
        JsonNode uid = event.path("metadata").path("uid");
        if (!uid.isTextual() || uid.asText().isBlank()) {
            throw new IllegalArgumentException("event has no metadata.uid, so _bulk cannot give it a stable _id"
                    + " (normalization must set metadata.uid = alert id + lastUpdateDateTime): " + abbreviate(event));
        }
        return uid.asText();
    }

    private static String abbreviate(JsonNode event) {
        String text = event.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
