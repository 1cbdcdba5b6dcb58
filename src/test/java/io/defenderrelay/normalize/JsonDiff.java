package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Field-by-field comparison of two JSON trees, one readable line per difference, keyed by JSON path. */
final class JsonDiff {
    private JsonDiff() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path + "." + name;
                if (!actual.has(name)) {
                    out.add(child + ": missing, expected " + expected.get(name));
                } else if (!expected.has(name)) {
                    out.add(child + ": unexpected " + actual.get(name));
                } else {
                    compare(child, expected.get(name), actual.get(name), out);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> e = expected.iterator();
            Iterator<JsonNode> a = actual.iterator();
            for (int i = 0; e.hasNext() || a.hasNext(); i++) {
                String child = path + "[" + i + "]";
                if (!a.hasNext()) {
                    out.add(child + ": missing, expected " + e.next());
                } else if (!e.hasNext()) {
                    out.add(child + ": unexpected " + a.next());
                } else {
                    compare(child, e.next(), a.next(), out);
                }
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            // an int and a long of the same value are the same JSON number
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + expected + " but was " + actual);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + " but was " + actual);
        }
    }
}
