package io.defenderrelay.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * relay.tenants-file: many tenants in a YAML list of their own, one entry per tenant with the fields of a
 * relay.tenants[i] block. Every problem names the file and line; values may refer to ${env:NAME} like the properties.
 */
final class TenantsFile {
    static final String KEY = "relay.tenants-file";
    /** The fields an entry may have: those of relay.tenants[i] (see application.properties). */
    static final Set<String> FIELDS = Set.of("name", "tenant-id", "client-id", "client-secret", "client-secret-expires",
            "certificate", "private-key", "cloud", "poll-interval", "sinks");

    private TenantsFile() {
    }

    /** The file's entries; what is wrong with the file or an entry's form goes to {@code problems}. */
    static List<TenantFields> read(Path file, Function<String, String> env, Problems problems) {
        String shown = file.getFileName().toString();
        try (JsonParser parser = new YAMLFactory().createParser(Files.newBufferedReader(file))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                problems.add(KEY + " " + file + " is not a YAML list of tenants: write one '- name: ...' entry per"
                        + " tenant (see application.properties)");
                return List.of();
            }
            List<TenantFields> entries = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                entry(parser, shown, env, problems).ifPresent(entries::add);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                problems.add(shown + ":" + line(parser.currentLocation()) + " is not a tenant: each entry is a"
                        + " mapping of fields (name: ..., tenant-id: ...)");
            } else if (entries.isEmpty()) {
                problems.add(KEY + " " + file + " lists no tenant: add one entry per tenant, or unset " + KEY);
            }
            return entries;
        } catch (JsonProcessingException e) {
            problems.add(shown + ":" + line(e.getLocation()) + " is not valid YAML: " + withoutText(e));
        } catch (IOException e) {
            problems.add(KEY + " " + file + " cannot be read (" + e + "): check the path (relative to the home"
                    + " directory) and its permissions");
        }
        return List.of();
    }

    private static Optional<TenantFields> entry(JsonParser parser, String shown, Function<String, String> env,
                                                Problems problems) throws IOException {
        int start = line(parser.currentLocation());
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        boolean usable = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            int line = line(parser.currentLocation());
            JsonToken value = parser.nextToken();
            if (!FIELDS.contains(field)) {
                problems.add(shown + ":" + line + " unknown field '" + field + "': a tenant has " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
                parser.skipChildren();
                usable = false;
            } else if (value.isScalarValue()) {
                values.put(field, parser.getValueAsString(""));
            } else if (value == JsonToken.START_ARRAY) {
                List<String> items = new ArrayList<>();
                while (parser.nextToken().isScalarValue()) {
                    items.add(parser.getValueAsString(""));
                }
                parser.skipChildren();
                values.put(field, String.join(",", items));
            } else {
                problems.add(shown + ":" + line + " " + field + " must be a value (or for sinks a list of names)");
                parser.skipChildren();
                usable = false;
            }
            lines.put(field, line);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            for (String name : EnvReferences.unset(value.getValue(), env)) {
                problems.add(shown + ":" + lines.get(value.getKey()) + " " + value.getKey() + " refers to ${env:" + name
                        + "}, which is not set: set the environment variable " + name + " for the relay, or give a"
                        + " default as ${env:" + name + ":value}");
                usable = false;
            }
        }
        return usable ? Optional.of(new Entry(shown, start, values, lines, env)) : Optional.empty();
    }

    /** What the YAML parser found, without the text of the line it quotes: that may be a client secret. */
    private static String withoutText(JsonProcessingException e) {
        return e.getCause() instanceof MarkedYAMLException marked
                ? Stream.of(marked.getContext(), marked.getProblem()).filter(Objects::nonNull).collect(Collectors.joining(": "))
                : e.getClass().getSimpleName();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    private record Entry(String shown, int start, Map<String, String> values, Map<String, Integer> lines,
                         Function<String, String> env) implements TenantFields {
        public Optional<String> get(String field) {
            return Optional.ofNullable(values.get(field)).map(value -> EnvReferences.resolve(value, env).trim())
                    .filter(value -> !value.isEmpty());
        }

        public String label(String field) {
            return shown + ":" + lines.getOrDefault(field, start) + " " + field;
        }

        public String where() {
            return shown + ":" + start;
        }

        public Optional<String> defaultName() {
            return Optional.empty();
        }
    }
}
