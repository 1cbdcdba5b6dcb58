package io.defenderrelay.deliver;

import java.util.Locale;
import java.util.Set;

/**
 * Which events one sink takes (relay.sink.&lt;name&gt;.*): at least a severity, and optionally only some categories,
 * service sources or tenants (an empty set means all), and what it does with alerts a Defender suppression rule
 * resolved. An event whose severity is OCSF "other" (99, a value newer than this relay) passes every threshold:
 * when in doubt, deliver.
 */
public record SinkRule(String sink, boolean enabled, int minSeverityId, Set<String> categories,
                       Set<String> serviceSources, Set<String> tenants, Suppressed suppressed) {

    private static final int OTHER = 99;

    /** relay.sink.&lt;name&gt;.suppressed: a sink takes suppression-rule resolves with the rest, never, or only them. */
    public enum Suppressed {
        INCLUDE, EXCLUDE, ONLY;

        boolean accepts(boolean suppressedAlert) {
            return switch (this) {
                case INCLUDE -> true;
                case EXCLUDE -> !suppressedAlert;
                case ONLY -> suppressedAlert;
            };
        }
    }

    public SinkRule {
        categories = lowerCase(categories);
        serviceSources = lowerCase(serviceSources);
        tenants = lowerCase(tenants);
    }

    public boolean accepts(int severityId, String category, String serviceSource, String tenant, boolean suppressedAlert) {
        return enabled
                && (severityId == OTHER || severityId >= minSeverityId)
                && matches(categories, category)
                && matches(serviceSources, serviceSource)
                && matches(tenants, tenant)
                && suppressed.accepts(suppressedAlert);
    }

    private static boolean matches(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lowerCase(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList());
    }
}
