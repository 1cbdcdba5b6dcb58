package io.defenderrelay.deliver;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.normalize.SeverityLookup;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The relay.sink.&lt;sink&gt;.* rule keys: which sink takes which events. */
public final class SinkRules {
    /** Every sink the router knows, in the order a window is delivered to them. */
    public static final List<String> SINKS = List.of("file", "kafka", "siem");

    private SinkRules() {
    }

    public static List<SinkRule> read(SettingsSource settings, SeverityLookup severities) {
        return SINKS.stream().map(sink -> rule(settings, severities, sink)).toList();
    }

    private static SinkRule rule(SettingsSource settings, SeverityLookup severities, String sink) {
        String prefix = "relay.sink." + sink + ".";
        String minSeverity = settings.get(prefix + "min-severity").orElse("");
        // the startup check has refused any other value
        SinkRule.Suppressed suppressed = SinkRule.Suppressed.valueOf(
                settings.get(prefix + "suppressed").orElse("include").toUpperCase(Locale.ROOT));
        try {
            return new SinkRule(sink, enabled(settings, sink),
                    minSeverity.isEmpty() ? 0 : severities.idOfName(minSeverity),
                    list(settings, prefix + "categories"),
                    list(settings, prefix + "service-sources"),
                    list(settings, prefix + "tenants"), suppressed);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + "min-severity: " + e.getMessage() + ", or leave it empty for all", e);
        }
    }

    public static boolean enabled(SettingsSource settings, String sink) {
        return Boolean.parseBoolean(settings.value("relay.sink." + sink + ".enabled"));
    }

    private static Set<String> list(SettingsSource settings, String key) {
        return Arrays.stream(settings.get(key).orElse("").split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }
}
