package io.defenderrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape a documented JSON example gives: every member it shows, at any depth, with the same JSON type; the first
 * element of an array stands for every element. Members may be declared optional, nullable or absent, and string
 * values may have a format. Members the example does not show are allowed (Microsoft adds members over time).
 * Paths are the member names joined with {@code /}, {@code []} standing for an array's elements
 * ({@code value/[]/evidence/[]/@odata.type}), because member names themselves contain dots.
 */
final class JsonShape {
    static final String ELEMENT = "[]";

    private final JsonNode example;
    private final Set<String> optional;
    private final Set<String> nullable;
    private final Set<String> absent;
    private final Map<String, Pattern> formats;

    JsonShape(JsonNode example, Set<String> optional, Set<String> nullable, Set<String> absent,
              Map<String, Pattern> formats) {
        this.example = example;
        this.optional = optional;
        this.nullable = nullable;
        this.absent = absent;
        this.formats = formats;
    }

    /** Every way {@code actual} departs from the shape, one line each; empty when it fits. */
    List<String> mismatches(JsonNode actual) {
        List<String> found = new ArrayList<>();
        walk("", example, actual, found);
        for (String path : absent) {
            if (!at(actual, path).isEmpty()) {
                found.add(path + " is present, but the documentation says it is not sent");
            }
        }
        return found;
    }

    /** Every path the example shows, for checking that a fixture's declarations name real members. */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        collect("", example, paths);
        return paths;
    }

    /** The values at a path (several when it crosses arrays). */
    static List<JsonNode> at(JsonNode node, String path) {
        List<JsonNode> values = new ArrayList<>();
        collectAt(node, path.isEmpty() ? new String[0] : path.split("/"), 0, values);
        return values;
    }

    private void walk(String path, JsonNode shape, JsonNode actual, List<String> found) {
        String name = path.isEmpty() ? "the body" : path;
        if (actual == null || actual.isMissingNode()) {
            if (!optional.contains(path)) {
                found.add(name + " is missing");
            }
            return;
        }
        if (actual.isNull()) {
            if (!nullable.contains(path)) {
                found.add(name + " is null, but the documentation gives it a value");
            }
            return;
        }
        if (!kind(shape).equals(kind(actual)) && !(kind(shape).equals("number") && actual.isNumber())) {
            found.add(name + " is " + kind(actual) + " (" + abbreviated(actual) + "), documented as " + kind(shape));
            return;
        }
        Pattern format = formats.get(path);
        if (format != null && !format.matcher(actual.asText()).find()) {
            found.add(name + " = " + abbreviated(actual) + " does not match the documented format " + format);
        }
        if (shape.isObject()) {
            shape.fieldNames().forEachRemaining(member -> walk(child(path, member), shape.get(member),
                    actual.get(member), found));
        } else if (shape.isArray() && !shape.isEmpty()) {
            actual.forEach(element -> walk(child(path, ELEMENT), shape.get(0), element, found));
        }
    }

    private static void collect(String path, JsonNode node, List<String> paths) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(member -> collect(child(path, member), node.get(member), paths));
        } else if (node.isArray() && !node.isEmpty()) {
            collect(child(path, ELEMENT), node.get(0), paths);
        }
    }

    private static void collectAt(JsonNode node, String[] segments, int index, List<JsonNode> values) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (index == segments.length) {
            values.add(node);
        } else if (segments[index].equals(ELEMENT)) {
            node.forEach(element -> collectAt(element, segments, index + 1, values));
        } else {
            collectAt(node.get(segments[index]), segments, index + 1, values);
        }
    }

    static String kind(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        return node.isNumber() ? "number" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String child(String path, String member) {
        return path.isEmpty() ? member : path + "/" + member;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
