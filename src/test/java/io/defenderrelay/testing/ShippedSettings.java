package io.defenderrelay.testing;

import io.defenderrelay.config.EnvReferences;
import io.defenderrelay.config.GivenSettings;
import io.defenderrelay.config.KnownKeys;
import io.defenderrelay.config.RouteFiles;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.StartupCheck;
import io.defenderrelay.normalize.SeverityLookup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The repository's application.properties (the relay's only defaults) as a map tests can change, and what it makes. */
public final class ShippedSettings {
    private ShippedSettings() {
    }

    /** Every key of the shipped file with its value; blank values are kept (they mean "not set"). */
    public static Map<String, String> map() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key).trim()));
        return map;
    }

    /** Settings over {@code file} and {@code env}, as the relay reads them (no -D in tests). */
    public static SettingsSource source(Map<String, String> file, Map<String, String> env) {
        return new SettingsSource(key -> Optional.ofNullable(file.get(key)), env::get);
    }

    /**
     * What the startup check finds with {@code file} over the shipped settings and {@code env} as the environment
     * (every route file found, no -D).
     */
    public static List<String> startupProblems(Map<String, String> file, Map<String, String> env) {
        return startupProblems(file, Map.of(), env);
    }

    /** The same with the relay.* -D properties {@code system}, which the caller sets in this JVM too. */
    public static List<String> startupProblems(Map<String, String> file, Map<String, String> system,
                                               Map<String, String> env) {
        Map<String, String> properties = map();
        properties.putAll(file);
        SettingsSource settings = new SettingsSource(key -> Optional.ofNullable(properties.get(key))
                .map(value -> EnvReferences.resolve(value, env::get)), env::get);
        return StartupCheck.run(new GivenSettings(properties, system, env), settings, KnownKeys.shipped(),
                new RouteFiles("routes/", Map.of(), location -> true), Path.of("")).list();
    }

    /** The shipped severity table (relay.severity.*). */
    public static SeverityLookup severities() {
        return severities(Map.of());
    }

    /** The shipped severity table with some entries replaced, as relay.severity.* lines in a home's file would. */
    public static SeverityLookup severities(Map<String, String> overrides) {
        Map<String, String> table = new HashMap<>();
        map().forEach((key, value) -> {
            if (key.startsWith("relay.severity.")) {
                table.put(key.substring("relay.severity.".length()), value);
            }
        });
        overrides.forEach((graphValue, setting) -> {
            table.keySet().removeIf(known -> known.equalsIgnoreCase(graphValue));
            table.put(graphValue, setting);
        });
        return new SeverityLookup(table);
    }
}
