package io.defenderrelay.normalize;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Null-tolerant reads from Graph's JSON and writes that skip absent values, so no event carries a null. */
final class Nodes {
    /** How deep a value copied verbatim may nest before it is kept as JSON text instead. */
    static final int MAX_DEPTH = 32;

    private Nodes() {
    }

    /**
     * A non-blank string, or a number/boolean as text (Graph sends some ids as numbers); else null. The text
     * "null" counts as absent too: it is an upstream serializer's null, never a real value.
     */
    static String text(JsonNode parent, String field) {
        return text(parent.get(field));
    }

    /** Like {@link #text(JsonNode, String)} for a value already in hand. */
    static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return isAbsent(node.textValue()) ? null : node.textValue();
        }
        return node.isNumber() || node.isBoolean() ? node.asText() : null;
    }

    /** A JSON object member, or null when absent or of another type. */
    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isObject() ? node : null;
    }

    /** The items of an array member; none when absent or not an array. */
    static Iterable<JsonNode> items(JsonNode parent, String field) {
        return items(parent.get(field));
    }

    /** The items of an array; none when absent or not an array. */
    static Iterable<JsonNode> items(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    /** A whole number (a numeric string too), or null. */
    static Long whole(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.valueOf(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Graph time text as epoch ms, or null when absent or unparsable (for details inside evidence). */
    static Long time(JsonNode parent, String field) {
        String text = text(parent, field);
        try {
            return text == null ? null : GraphTime.toEpochMilli(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The first argument that is not null. */
    static String first(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** A finite number, or null. */
    static Double decimal(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isNumber() && Double.isFinite(node.doubleValue()) ? node.doubleValue() : null;
    }

    static void addIfPresent(List<String> target, String value) {
        if (value != null) {
            target.add(value);
        }
    }

    static ObjectNode newObject() {
        return Json.mapper().getNodeFactory().objectNode();
    }

    static ArrayNode newArray() {
        return Json.mapper().getNodeFactory().arrayNode();
    }

    static void put(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    static void put(ObjectNode target, String field, Long value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    static void put(ObjectNode target, String field, Double value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    /** Sets a child object or array unless it is absent or empty. */
    static void put(ObjectNode target, String field, JsonNode child) {
        if (child != null && !(child.isContainerNode() && child.isEmpty())) {
            target.set(field, child);
        }
    }

    /** Adds the null-free copy of a value unless nothing is left of it. */
    static void addUnlessEmpty(ArrayNode target, JsonNode value) {
        JsonNode copy = withoutNulls(value);
        if (copy != null) {
            target.add(copy);
        }
    }

    private static boolean isAbsent(String text) {
        return text.isBlank() || text.equals("null");
    }

    /**
     * A copy without null values, blank or "null" strings, empty arrays or empty objects (at any depth); null
     * when nothing is left. Used for Graph values kept verbatim in {@code unmapped} or evidence {@code data}; a
     * value with nothing to remove is returned as it is, shared with the alert, because copying showed in the
     * profile. Containers nested deeper than {@link #MAX_DEPTH} are kept as their JSON text, so that every event
     * stays serializable (Jackson refuses to write beyond 1000 levels) and within what sinks index.
     */
    static JsonNode withoutNulls(JsonNode node) {
        if (node != null && node.isContainerNode() && isClean(node, 1)) {
            return node;
        }
        return copyWithoutNulls(node, 1);
    }

    /** Whether a container has nothing {@link #withoutNulls} would change, checked without copying. */
    private static boolean isClean(JsonNode container, int depth) {
        if (container.isEmpty() || depth > MAX_DEPTH) {
            return false;
        }
        for (JsonNode child : container) {
            if (child.isNull() || child.isTextual() && isAbsent(child.textValue())
                    || child.isContainerNode() && !isClean(child, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode copyWithoutNulls(JsonNode node, int depth) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isTextual() && isAbsent(node.textValue())) {
            return null;
        }
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            return node.isEmpty() ? null : Json.mapper().getNodeFactory().textNode(node.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = newObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = copyWithoutNulls(field.getValue(), depth + 1);
                if (value != null) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy.isEmpty() ? null : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = newArray();
            for (JsonNode item : node) {
                JsonNode value = copyWithoutNulls(item, depth + 1);
                if (value != null) {
                    copy.add(value);
                }
            }
            return copy.isEmpty() ? null : copy;
        }
        return node;
    }
}
