package io.defenderrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything wrong with the configuration, found before Camel polls anything, so an operator fixes it in one go and
 * nothing is silently skipped or faked: unknown keys, values the relay cannot read, incomplete tenant blocks,
 * unset ${env:...} references, no sink enabled, an unusable proxy, route files that do not exist.
 */
public final class StartupCheck {
    private static final String SEVERITY = "relay.severity.";
    private static final String LOG_FORMAT = "relay.log.format";
    private static final Pattern SINK_SWITCH = Pattern.compile("relay\\.sink\\.[^.]+\\.enabled");

    private StartupCheck() {
    }

    /** @param home the directory relative paths of relay.tenants-file and its entries are under */
    public static Problems run(GivenSettings given, SettingsSource settings, KnownKeys known, RouteFiles routes,
                               Path home) {
        Problems problems = new Problems();
        UnknownKeys.check(given, known, problems);
        if (given.properties().containsKey(LOG_FORMAT)) {
            problems.add(LOG_FORMAT + " in a properties file is read too late (logging starts before them): set it"
                    + " with -D" + LOG_FORMAT + "=json or " + SettingsSource.envName(LOG_FORMAT) + "=json instead");
        }
        Set<String> unresolved = unsetReferences(given, problems);
        Set<String> keys = new TreeSet<>(given.relayKeys());
        known.exactKeys().stream().filter(key -> given.env().containsKey(SettingsSource.envName(key))).forEach(keys::add);
        keys.removeAll(unresolved);
        new SettingValues(severities(keys, settings)).check(keys, settings, problems);
        tenants(given, settings, home, problems);
        sinks(known, settings, problems);
        ProxySettings.read(settings, problems);
        routes.check(problems);
        return problems;
    }

    /** Keys whose value refers to an unset environment variable without default; each is reported here. */
    private static Set<String> unsetReferences(GivenSettings given, Problems problems) {
        Set<String> keys = new TreeSet<>();
        new TreeSet<>(given.properties().keySet()).stream().filter(given::fileValueInEffect).forEach(key -> {
            for (String name : EnvReferences.unset(given.properties().get(key), given.env()::get)) {
                keys.add(key);
                problems.add(key + " refers to ${env:" + name + "}, which is not set: set the environment variable "
                        + name + " for the relay, or give a default as ${env:" + name + ":value}");
            }
        });
        return keys;
    }

    /** The severity table's readable entries: the names a min-severity threshold may use. */
    private static List<Severity> severities(Set<String> keys, SettingsSource settings) {
        return keys.stream().filter(key -> key.startsWith(SEVERITY))
                .flatMap(key -> settings.get(key).flatMap(setting -> severity(key, setting)).stream())
                .toList();
    }

    private static Optional<Severity> severity(String key, String setting) {
        try {
            return Optional.of(SeverityScale.parse(key.substring(SEVERITY.length()), setting));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // reported with the other values
        }
    }

    private static void tenants(GivenSettings given, SettingsSource settings, Path home, Problems problems) {
        TenantSettings.readAll(settings, given, home, problems);
        if (TenantSettings.noneConfigured(settings, given) && settings.get("relay.demo").orElse("").equalsIgnoreCase("false")) {
            problems.add("relay.demo = false and no tenant is configured: set relay.tenants[0].tenant-id, client-id and"
                    + " a client-secret or certificate + private-key, or relay.demo = auto to poll the built-in"
                    + " simulated tenant");
        }
    }

    /** With every sink switched off, alerts would be read and dropped while the checkpoint moves on. */
    private static void sinks(KnownKeys known, SettingsSource settings, Problems problems) {
        List<String> switches = known.exactKeys().stream().filter(key -> SINK_SWITCH.matcher(key).matches()).toList();
        if (switches.stream().noneMatch(key -> settings.get(key).orElse("").equalsIgnoreCase("true"))) {
            problems.add("no sink is enabled (none of " + String.join(", ", switches) + " is true): alerts would be"
                    + " read and dropped while the checkpoint moves on; set at least one to true");
        }
    }
}
