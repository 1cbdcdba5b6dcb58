package io.defenderrelay;

import io.defenderrelay.config.EnvReferences;
import io.defenderrelay.config.Problems;
import io.defenderrelay.config.RouteFiles;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.ShippedDefaults;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Where the relay reads its configuration and routes: the shipped application.properties and routes/ are packed in the
 * jar; a home directory's own {@code application.properties} overrides single keys and its {@code routes/} replaces the
 * shipped routes.
 */
final class RelayHome {
    private final Path dir;

    RelayHome(Path dir) {
        this.dir = dir;
    }

    /** Camel's property locations, the home's file first: Camel takes a key from the first that has it. */
    String propertiesLocations() {
        return "file:" + dir.resolve(ShippedDefaults.FILE).toAbsolutePath() + ";optional=true,classpath:"
                + ShippedDefaults.FILE;
    }

    /** The route files to load: relay.routes (comma-separated globs), under the home's routes/ if it has one. */
    String routesPattern() {
        return String.join(",", routeLocations().values());
    }

    /** The route files relay.routes names, and whether each matches a file as {@code found} resolves a location. */
    RouteFiles routeFiles(Predicate<String> found) {
        Path routes = routesDir();
        String where = Files.isDirectory(routes) ? routes.toAbsolutePath().normalize() + " (the home's routes/ replaces"
                + " the shipped routes: copy the ones you need there)" : "the routes/ shipped in the relay's jar";
        return new RouteFiles(where, routeLocations(), found);
    }

    /** relay.routes.reload: the home's routes/ files that relay.routes names are applied when edited. */
    Optional<RouteFileReload> reload(SettingsSource settings, TenantPollRoutes pollRoutes) {
        return reloadRequested(settings) && Files.isDirectory(routesDir())
                ? Optional.of(new RouteFileReload(routesDir(), settings.value("relay.routes"), pollRoutes))
                : Optional.empty();
    }

    /** Reloading needs route files of the home's own: the shipped ones are inside the jar. */
    void checkReload(SettingsSource settings, Problems problems) {
        if (reloadRequested(settings) && !Files.isDirectory(routesDir())) {
            problems.add("relay.routes.reload = true, but " + dir.toAbsolutePath().normalize() + " has no routes/"
                    + " directory: copy the shipped routes/ there to edit them while the relay runs, or set"
                    + " relay.routes.reload = false");
        }
    }

    static boolean reloadRequested(SettingsSource settings) {
        return settings.get("relay.routes.reload").map(Boolean::parseBoolean).orElse(false);
    }

    private Map<String, String> routeLocations() {
        Path routes = routesDir();
        String base = Files.isDirectory(routes) ? "file:" + routes.toAbsolutePath().normalize() : "classpath:routes";
        Map<String, String> locations = new LinkedHashMap<>();
        Arrays.stream(settings().value("relay.routes").split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .forEach(pattern -> locations.put(pattern, base + "/" + pattern));
        return locations;
    }

    private Path routesDir() {
        return dir.resolve("routes");
    }

    /** The settings before Camel starts: -D, the environment, the home's file, the shipped defaults. */
    SettingsSource settings() {
        Properties merged = new Properties();
        try {
            merged.load(new StringReader(ShippedDefaults.text()));
            Path file = dir.resolve(ShippedDefaults.FILE);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    merged.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(ShippedDefaults.FILE).toAbsolutePath(), e);
        }
        return new SettingsSource(key -> Optional.ofNullable(merged.getProperty(key))
                .map(value -> EnvReferences.resolve(value, System::getenv)), System::getenv);
    }
}
