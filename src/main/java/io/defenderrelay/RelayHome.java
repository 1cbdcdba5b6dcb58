package io.defenderrelay;

import io.defenderrelay.config.EnvReferences;
import io.defenderrelay.config.SettingsSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where the relay reads its configuration and routes: the shipped application.properties and routes/ are packed in the
 * jar; a home directory's own {@code application.properties} overrides single keys and its {@code routes/} replaces the
 * shipped routes.
 */
final class RelayHome {
    private static final String DEFAULTS = "application.properties";

    private final Path dir;

    RelayHome(Path dir) {
        this.dir = dir;
    }

    /** Camel's property locations, the home's file first: Camel takes a key from the first that has it. */
    String propertiesLocations() {
        return "file:" + dir.resolve(DEFAULTS).toAbsolutePath() + ";optional=true,classpath:" + DEFAULTS;
    }

    /** The route files to load: relay.routes (comma-separated globs), under the home's routes/ if it has one. */
    String routesPattern() {
        Path routes = dir.resolve("routes");
        String base = Files.isDirectory(routes) ? "file:" + routes.toAbsolutePath().normalize() : "classpath:routes";
        return Arrays.stream(settings().value("relay.routes").split(","))
                .map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> base + "/" + p).collect(Collectors.joining(","));
    }

    /** The settings before Camel starts: -D, the environment, the home's file, the shipped defaults. */
    private SettingsSource settings() {
        Properties merged = new Properties();
        try (InputStream defaults = RelayHome.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (defaults == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the relay's jar; rebuild it with mvn package");
            }
            merged.load(defaults);
            Path file = dir.resolve(DEFAULTS);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    merged.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(DEFAULTS).toAbsolutePath(), e);
        }
        return new SettingsSource(key -> Optional.ofNullable(merged.getProperty(key))
                .map(value -> EnvReferences.resolve(value, System::getenv)), System::getenv);
    }
}
