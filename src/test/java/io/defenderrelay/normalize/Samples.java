package io.defenderrelay.normalize;

import io.defenderrelay.testing.ShippedSettings;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The alerts of src/test/resources/samples: a page file yields one alert per {@code value[]} item. */
final class Samples {
    static final Path DIR = Path.of("src/test/resources/samples");

    /** A sample alert and the name its golden file has. */
    record Sample(String name, JsonNode alert) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Samples() {
    }

    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String base = file.getFileName().toString().replaceFirst("\\.json$", "");
                JsonNode json = Json.mapper().readTree(file.toFile());
                if (json.has("value")) {
                    for (int i = 0; i < json.get("value").size(); i++) {
                        samples.add(new Sample(base + "." + i, json.get("value").get(i)));
                    }
                } else {
                    samples.add(new Sample(base, json));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    static JsonNode alert(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().alert();
    }

    static FindingMapper normalizer(boolean includeRaw) {
        return new FindingMapper(ShippedSettings.severities(), new CategoryMapping(Map.of()), includeRaw);
    }
}
