package io.defenderrelay.normalize;

import io.defenderrelay.support.GraphTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one Graph alert's top-level fields and remembers which ones the event represents, so that every other
 * field can be carried verbatim in {@code unmapped} (nothing Graph sends is silently lost).
 */
final class AlertFields {
    private static final int MAX_QUOTED = 80;

    private final JsonNode alert;
    private final Set<String> mapped = new HashSet<>();

    AlertFields(JsonNode alert) {
        this.alert = alert;
    }

    /** A field the event represents fully: it will not be repeated in {@code unmapped}. */
    String text(String field) {
        String value = Nodes.text(alert, field);
        if (value != null) {
            mapped.add(field);
        }
        return value;
    }

    /** The text items of an array field (non-text and blank items skipped); the field stays in {@code unmapped}. */
    List<String> texts(String field) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : Nodes.items(alert, field)) {
            Nodes.addIfPresent(texts, Nodes.text(item));
        }
        return texts;
    }

    /** A field the event uses but also carries verbatim in {@code unmapped}. */
    String peek(String field) {
        return Nodes.text(alert, field);
    }

    /** The raw member, now counted as represented (its leftovers are the caller's to keep). */
    JsonNode take(String field) {
        mapped.add(field);
        return alert.get(field);
    }

    void markMapped(String field) {
        mapped.add(field);
    }

    /** @throws InvalidAlertException when the field is missing, null, blank or not a string */
    String required(String field) {
        String value = text(field);
        if (value != null) {
            return value;
        }
        JsonNode node = alert.get(field);
        if (node == null || node.isNull() || node.isTextual()) {
            throw new InvalidAlertException("no " + field);
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        throw new InvalidAlertException(field + " is not a string but " + type + " " + quote(node));
    }

    /** Epoch ms of a Graph timestamp, or null when absent. @throws InvalidAlertException when unparsable */
    Long time(String field) {
        Long time = checkedTime(field);
        if (time != null) {
            mapped.add(field);
        }
        return time;
    }

    /** Like {@link #time} for a timestamp the event has no attribute for: it stays in {@code unmapped}. */
    Long checkedTime(String field) {
        JsonNode node = alert.get(field);
        if (node == null || node.isNull() || node.isTextual() && Nodes.text(node) == null) {
            return null;
        }
        try {
            if (node.isTextual()) {
                return GraphTime.toEpochMilli(node.textValue());
            }
        } catch (DateTimeException e) {
            // reported below, with the value that failed
        }
        throw new InvalidAlertException("unparsable " + field + " " + quote(node)
                + " (expected an ISO-8601 UTC timestamp such as 2026-10-01T00:12:09.7866667Z)");
    }

    /** Every field not represented elsewhere, without nulls and empties; {@code @odata} annotations dropped. */
    ObjectNode unmapped() {
        ObjectNode rest = Nodes.newObject();
        for (var it = alert.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!mapped.contains(field.getKey()) && !field.getKey().startsWith("@odata.")) {
                Nodes.put(rest, field.getKey(), Nodes.withoutNulls(field.getValue()));
            }
        }
        return rest;
    }

    /** A value for an error message, cut short: alerts can carry megabytes in one field. */
    private static String quote(JsonNode node) {
        String text = node.isTextual() ? node.textValue() : node.toString();
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text) + "'";
    }
}
