package io.defenderrelay.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Graph {@code serviceSource} → the relay's normalized category (Antivirus, Email, CloudAudit, Identity,
 * Thirdparty...). Each entry can be overridden ({@code relay.category.<serviceSource>=<Category>}); keys match
 * case-insensitively because environment variables lose case.
 */
public final class CategoryMapping {
    static final String FALLBACK = "Thirdparty";
    private static final Map<String, String> DEFAULTS = Map.of(
            "microsoftDefenderForEndpoint", "Antivirus",
            "microsoftDefenderForOffice365", "Email",
            "microsoftDefenderForCloudApps", "CloudAudit",
            "microsoftDefenderForIdentity", "Identity",
            "azureAdIdentityProtection", "Identity");

    /** Keyed by lower-cased serviceSource. */
    private final Map<String, String> table = new HashMap<>();
    /** Graph's exact spellings of the same keys: found without lower-casing (an allocation) per alert. */
    private final Map<String, String> exact = new HashMap<>();

    /** @param overrides serviceSource → category, e.g. {@code microsoftDefenderForCloud → Cloud} */
    public CategoryMapping(Map<String, String> overrides) {
        DEFAULTS.forEach(this::add);
        overrides.forEach((serviceSource, category) -> {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("relay.category." + serviceSource
                        + " is empty: give the category name the router should see, e.g. Antivirus");
            }
            exact.keySet().removeIf(known -> key(known).equals(key(serviceSource)));
            add(serviceSource, category.trim());
        });
    }

    private void add(String serviceSource, String category) {
        table.put(key(serviceSource), category);
        exact.put(serviceSource, category);
    }

    /** Anything not in the table, including a missing serviceSource, is Thirdparty. */
    public String categoryOf(String serviceSource) {
        if (serviceSource == null) {
            return FALLBACK;
        }
        String category = exact.get(serviceSource);
        return category != null ? category : table.getOrDefault(key(serviceSource), FALLBACK);
    }

    private static String key(String serviceSource) {
        return serviceSource.trim().toLowerCase(Locale.ROOT);
    }
}
