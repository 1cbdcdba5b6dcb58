package io.defenderrelay.normalize;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The official compiled OCSF schema (src/test/resources/ocsf, see its README) read into rules: every attribute of the
 * class and of each object, the dictionary types and the class's profiles. Nothing here is written from memory.
 */
final class CompiledSchema {
    static final String RESOURCE = "/ocsf/ocsf-1.8.0-detection_finding.compiled.json";
    /** Parsed once per test JVM: the file is 600 kB and most normalize tests check events against it. */
    private static CompiledSchema loaded;

    private final String version;
    private final int classUid;
    private final ObjectRules eventClass;
    private final Map<String, ObjectRules> objects = new LinkedHashMap<>();
    private final Map<String, ScalarType> types = new LinkedHashMap<>();
    private final Set<String> profiles = new TreeSet<>();

    /** One attribute as the compiler resolved it; {@code profiles} empty when the class or object itself has it. */
    record AttributeRule(String name, String requirement, String type, String objectType, boolean isArray,
            List<String> profiles, Map<String, String> enumCaptions, String sibling, String deprecation) {

        boolean appliesWith(Set<String> declaredProfiles) {
            return profiles.isEmpty() || profiles.stream().anyMatch(declaredProfiles::contains);
        }
    }

    /** The attributes allowed in one object (or the class) and its {@code constraints}. */
    record ObjectRules(String name, Map<String, AttributeRule> attributes, Map<String, List<String>> constraints) {
    }

    /**
     * A scalar dictionary type with the checks of its whole chain ({@code timestamp_t} → {@code long_t}): the JSON
     * kind of its base type, regexes, maximum length, range and allowed values.
     */
    record ScalarType(String name, String base, List<Pattern> regexes, Integer maxLength, List<Double> range,
            List<JsonNode> values) {
    }

    private CompiledSchema(JsonNode root) {
        version = root.path("version").textValue();
        JsonNode type = root.path("class");
        classUid = type.path("uid").intValue();
        type.path("profiles").forEach(p -> profiles.add(p.textValue()));
        eventClass = objectRules(type);
        root.path("objects").fields().forEachRemaining(o -> objects.put(o.getKey(), objectRules(o.getValue())));
        root.path("types").fieldNames().forEachRemaining(name -> types.put(name, scalarType(root.path("types"), name)));
    }

    static synchronized CompiledSchema load() {
        if (loaded == null) {
            try (InputStream in = CompiledSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("no " + RESOURCE + " on the test class path");
                }
                loaded = new CompiledSchema(Json.mapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    String version() {
        return version;
    }

    int classUid() {
        return classUid;
    }

    ObjectRules eventClass() {
        return eventClass;
    }

    ObjectRules object(String name) {
        ObjectRules rules = objects.get(name);
        if (rules == null) {
            throw new IllegalStateException("the compiled schema has no object " + name);
        }
        return rules;
    }

    /** Null for {@code object_t} and for a type the dictionary does not define. */
    ScalarType type(String name) {
        return types.get(name);
    }

    /** The profiles the class may declare in {@code metadata.profiles}. */
    Set<String> profiles() {
        return profiles;
    }

    private static ObjectRules objectRules(JsonNode object) {
        Map<String, AttributeRule> attributes = new LinkedHashMap<>();
        object.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(),
                attributeRule(a.getKey(), a.getValue())));
        Map<String, List<String>> constraints = new LinkedHashMap<>();
        object.path("constraints").fields().forEachRemaining(c -> constraints.put(c.getKey(), texts(c.getValue())));
        return new ObjectRules(object.path("name").textValue(), attributes, constraints);
    }

    private static AttributeRule attributeRule(String name, JsonNode attribute) {
        Map<String, String> captions = new LinkedHashMap<>();
        attribute.path("enum").fields().forEachRemaining(e -> captions.put(e.getKey(),
                e.getValue().path("caption").textValue()));
        JsonNode deprecated = attribute.get("@deprecated");
        String deprecation = deprecated == null ? null : "deprecated since " + deprecated.path("since").textValue()
                + ": " + deprecated.path("message").asText().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim();
        return new AttributeRule(name, attribute.path("requirement").asText("optional"),
                attribute.path("type").textValue(), attribute.path("object_type").textValue(),
                attribute.path("is_array").asBoolean(false), texts(attribute.path("profiles")), captions,
                attribute.path("sibling").textValue(), deprecation);
    }

    private static ScalarType scalarType(JsonNode types, String name) {
        List<Pattern> regexes = new ArrayList<>();
        Integer maxLength = null;
        List<Double> range = List.of();
        List<JsonNode> values = List.of();
        String base = name;
        for (JsonNode type = types.get(name); type != null; type = types.get(base)) {
            if (type.has("regex")) {
                regexes.add(Pattern.compile(type.get("regex").textValue()));
            }
            if (maxLength == null && type.has("max_len")) {
                maxLength = type.get("max_len").intValue();
            }
            if (range.isEmpty() && type.has("range")) {
                range = List.of(type.get("range").get(0).doubleValue(), type.get("range").get(1).doubleValue());
            }
            if (values.isEmpty() && type.has("values")) {
                values = new ArrayList<>();
                type.get("values").forEach(values::add);
            }
            if (!type.has("type") || type.get("type").textValue().equals(base)) {
                break;
            }
            base = type.get("type").textValue();
        }
        return new ScalarType(name, base, List.copyOf(regexes), maxLength, range, List.copyOf(values));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.textValue()));
        return List.copyOf(texts);
    }
}
