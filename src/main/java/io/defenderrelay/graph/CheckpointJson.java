package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A checkpoint as the stores keep it: one small JSON document, the same in a file and in a Kafka record. */
public final class CheckpointJson {

    private CheckpointJson() {
    }

    public static byte[] write(Checkpoint checkpoint) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("tenant", checkpoint.tenant())
                .put("windowEnd", checkpoint.windowEnd().toString())
                .put("savedAt", checkpoint.savedAt().toString());
        checkpoint.recent().forEach(node.putArray("recent")::add);
        checkpoint.incomplete().forEach(window -> node.withArray("incomplete").add(json(window)));
        checkpoint.doneParts().forEach(node.putObject("doneParts")::put);
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the checkpoint of tenant " + checkpoint.tenant(), e);
        }
    }

    /** @throws IOException or RuntimeException when the bytes are not a checkpoint */
    public static Checkpoint read(String tenant, byte[] bytes) throws IOException {
        JsonNode node = Json.mapper().readTree(bytes);
        List<String> recent = new ArrayList<>();
        node.path("recent").forEach(key -> recent.add(key.asText()));
        List<Window> incomplete = new ArrayList<>();
        node.path("incomplete").forEach(window -> incomplete.add(window(window)));
        Map<String, Long> doneParts = new LinkedHashMap<>();
        node.path("doneParts").fields().forEachRemaining(part -> doneParts.put(part.getKey(), part.getValue().asLong()));
        return new Checkpoint(tenant, Instant.parse(node.get("windowEnd").asText()),
                Instant.parse(node.get("savedAt").asText()), recent, incomplete, doneParts);
    }

    private static ObjectNode json(Window window) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("start", window.start().toString())
                .put("end", window.end().toString());
        if (window.createdFrom() != null) {
            node.put("createdFrom", window.createdFrom().toString());
        }
        if (window.createdTo() != null) {
            node.put("createdTo", window.createdTo().toString());
        }
        window.equals().forEach(node.putObject("equals")::put);
        return node;
    }

    private static Window window(JsonNode node) {
        Map<String, String> equals = new LinkedHashMap<>();
        node.path("equals").fields().forEachRemaining(e -> equals.put(e.getKey(), e.getValue().asText()));
        return new Window(Instant.parse(node.get("start").asText()), Instant.parse(node.get("end").asText()),
                instant(node.get("createdFrom")), instant(node.get("createdTo")), equals);
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

}
