package io.defenderrelay.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

/** Compact JSON bytes of a tree: never pretty-printed, so one document is always one line. */
public final class JsonBytes {
    private JsonBytes() {
    }

    public static byte[] of(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be serialised as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The document followed by {@code \n}: one NDJSON line. */
    public static byte[] line(JsonNode node) {
        return line(of(node));
    }

    /** Compact JSON followed by {@code \n}. */
    public static byte[] line(byte[] json) {
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
