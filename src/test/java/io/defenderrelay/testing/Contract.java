package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A response of Graph or Entra as Microsoft documents it (src/test/resources/contracts, see its README): status,
 * headers with their formats, and the body's shape ({@link JsonShape}). An independent oracle for the simulator and
 * for the relay's parsers: the fixtures were written from the documentation, never from the simulator's output.
 */
public final class Contract {
    private static final String HEADER = "header:";

    private final String name;
    private final int status;
    private final JsonNode fixture;
    private final JsonShape shape;
    private final Map<String, Pattern> headerFormats;

    private Contract(String name, int status, JsonNode fixture, JsonShape shape, Map<String, Pattern> headerFormats) {
        this.name = name;
        this.status = status;
        this.fixture = fixture;
        this.shape = shape;
        this.headerFormats = headerFormats;
    }

    /** Loads {@code contracts/<name>.json}, refusing declarations that name no member of its example. */
    public static Contract load(String name) {
        JsonNode fixture = read("/contracts/" + name + ".json");
        Map<String, Pattern> bodyFormats = new LinkedHashMap<>();
        Map<String, Pattern> headerFormats = new LinkedHashMap<>();
        fixture.get("formats").fields().forEachRemaining(format -> {
            Pattern pattern = Pattern.compile(format.getValue().asText());
            if (format.getKey().startsWith(HEADER)) {
                headerFormats.put(format.getKey().substring(HEADER.length()), pattern);
            } else {
                bodyFormats.put(format.getKey(), pattern);
            }
        });
        fixture.get("headers").fieldNames().forEachRemaining(header -> headerFormats.putIfAbsent(header, null));
        JsonShape shape = new JsonShape(fixture.get("body"), strings(fixture, "optional"), strings(fixture, "nullable"),
                strings(fixture, "absent"), bodyFormats);
        Contract contract = new Contract(name, fixture.get("status").asInt(), fixture, shape, headerFormats);
        contract.checkDeclarations(bodyFormats.keySet());
        return contract;
    }

    /** The same documented shape for an answer with another status (e.g. Graph's error body on a 403). */
    public Contract expectingStatus(int otherStatus) {
        return new Contract(name, otherStatus, fixture, shape, headerFormats);
    }

    /** The documented example body. */
    public JsonNode body() {
        return fixture.get("body").deepCopy();
    }

    /** The documented example's value of a header. */
    public String header(String header) {
        return fixture.get("headers").path(header).asText(null);
    }

    public int status() {
        return status;
    }

    /** Every way this response departs from the documentation, one line each; empty when it fits. */
    public List<String> mismatches(int actualStatus, Map<String, List<String>> headers, JsonNode body) {
        List<String> found = new ArrayList<>();
        if (actualStatus != status) {
            found.add("status " + actualStatus + ", documented " + status);
        }
        Map<String, List<String>> byName = new LinkedHashMap<>();
        headers.forEach((header, values) -> byName.put(header.toLowerCase(Locale.ROOT), values));
        headerFormats.forEach((header, format) -> {
            List<String> values = byName.getOrDefault(header.toLowerCase(Locale.ROOT), List.of());
            if (values.isEmpty()) {
                found.add("header " + header + " is missing");
            }
            values.stream().filter(value -> format != null && !format.matcher(value).find())
                    .forEach(value -> found.add("header " + header + ": " + value + " does not match " + format));
        });
        found.addAll(shape.mismatches(body));
        return found;
    }

    /** Fails, listing every mismatch, unless the response fits the documentation. */
    public void assertMatches(int actualStatus, Map<String, List<String>> headers, JsonNode body) {
        List<String> found = mismatches(actualStatus, headers, body);
        if (!found.isEmpty()) {
            throw new AssertionError("the response departs from the documented " + name + " ("
                    + fixture.get("documentation").get(0).asText() + "):\n  " + String.join("\n  ", found)
                    + "\nbody: " + abbreviated(body.toString()));
        }
    }

    public void assertMatches(HttpResponse<String> response) {
        assertMatches(response.statusCode(), response.headers().map(), parse(response.body()));
    }

    private void checkDeclarations(Set<String> bodyFormats) {
        Set<String> shown = new TreeSet<>(shape.paths());
        List<String> unknown = new ArrayList<>();
        for (String list : List.of("optional", "nullable")) {
            strings(fixture, list).stream().filter(path -> !shown.contains(path)).forEach(unknown::add);
        }
        bodyFormats.stream().filter(path -> !shown.contains(path)).forEach(unknown::add);
        strings(fixture, "absent").stream().filter(shown::contains).forEach(unknown::add);
        List<String> nulls = shown.stream().filter(path -> JsonShape.at(fixture.get("body"), path).stream()
                .anyMatch(JsonNode::isNull)).toList();
        if (!unknown.isEmpty() || !nulls.isEmpty()) {
            throw new IllegalStateException("contracts/" + name + ".json: declarations for members its example does"
                    + " not show (or shows though absent) " + unknown + "; example nulls, which give no type, " + nulls);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }

    private static Set<String> strings(JsonNode fixture, String list) {
        Set<String> values = new TreeSet<>();
        fixture.path(list).forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? Json.mapper().missingNode() : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Contract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract fixture " + resource);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
