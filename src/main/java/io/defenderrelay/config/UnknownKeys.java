package io.defenderrelay.config;

import java.util.Set;
import java.util.stream.Collectors;

/** relay.* keys and RELAY_* environment variables that name nothing the relay reads: a typo reads as a default. */
final class UnknownKeys {
    private UnknownKeys() {
    }

    static void check(GivenSettings given, KnownKeys known, Problems problems) {
        for (String key : given.relayKeys()) {
            String origin = given.properties().containsKey(key) ? "" : " (set by -D)";
            if (!known.contains(key)) {
                problems.add("unknown key " + key + origin + ": " + known.nearest(key)
                        .map(nearest -> "did you mean " + nearest + "?")
                        .orElse("no relay setting is named like it; remove it (application.properties lists them all)"));
            } else if (!origin.isEmpty()) {
                known.anyNameFamily(key).ifPresent(family -> problems.add(notAFileEntry(key + origin, family)));
            }
        }
        Set<String> referenced = given.properties().values().stream()
                .flatMap(value -> EnvReferences.names(value).stream()).collect(Collectors.toSet());
        for (String name : given.relayEnvNames()) {
            if (referenced.contains(name)) {
                continue;
            }
            if (!known.containsEnvName(name)) {
                problems.add("unknown environment variable " + name + ": " + known.nearestToEnvName(name)
                        .map(nearest -> "did you mean " + SettingsSource.envName(nearest) + " (" + nearest + ")?")
                        .orElse("it names no relay setting and no ${env:...} reference uses it; unset it or correct its name"));
            } else if (given.properties().keySet().stream().noneMatch(key -> SettingsSource.envName(key).equals(name))) {
                known.anyNameFamilyOfEnvName(name).ifPresent(family -> problems.add(notAFileEntry(name, family)));
            }
        }
    }

    /** -D and the environment override entries of such a family that a properties file has; they cannot add one. */
    private static String notAFileEntry(String setting, String family) {
        return setting + " is not read: -D and environment variables only override " + family
                + " entries that a properties file has; add it to application.properties instead";
    }
}
