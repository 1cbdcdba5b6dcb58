package io.defenderrelay.deliver;

import java.util.Locale;
import java.util.Set;

/**
 * Which events one sink takes (relay.sink.&lt;name&gt;.*): at least a severity, and optionally only some categories,
 * service sources or tenants (an empty set means all). An event whose severity is OCSF "other" (99, a value newer
 * than this relay) passes every threshold: when in doubt, deliver.
 */
public record SinkRule(String sink, boolean enabled, int minSeverityId, Set<String> categories,
                       Set<String> serviceSources, Set<String> tenants) {

    private static final int OTHER = 99;

    public SinkRule {
        categories = lowerCase(categories);
        serviceSources = lowerCase(serviceSources);
        tenants = lowerCase(tenants);
    }

    public boolean accepts(int severityId, String category, String serviceSource, String tenant) {
        return enabled
                && (severityId == OTHER || severityId >= minSeverityId)
                && matches(categories, category)
                && matches(serviceSources, serviceSource)
                && matches(tenants, tenant);
    }

    private static boolean matches(Set<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> lowerCase(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList());
    }
}
