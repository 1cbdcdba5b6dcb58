package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The generated tenant's alert providers: one profile per serviceSource, weighted like a busy E5 tenant. The table
 * lives in {@code providers.json} next to this class; the last profile ("unknown") stands for any other source.
 */
final class ProviderCatalog {
    static final List<ProviderProfile> PROFILES = load("providers.json");

    private ProviderCatalog() {
    }

    static ProviderProfile profile(String serviceSource) {
        for (ProviderProfile profile : PROFILES) {
            if (profile.serviceSource().equals(serviceSource)) {
                return profile;
            }
        }
        return PROFILES.get(PROFILES.size() - 1);
    }

    private static List<ProviderProfile> load(String resource) {
        try (InputStream in = ProviderCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the simulator's classpath; rebuild the jar");
            }
            return List.copyOf(Json.mapper().readValue(in, new TypeReference<List<ProviderProfile>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's provider table " + resource + ": "
                    + e.getMessage(), e);
        }
    }
}
