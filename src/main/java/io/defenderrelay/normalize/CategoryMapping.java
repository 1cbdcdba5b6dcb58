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
            "microsoftdefenderforendpoint", "Antivirus",
            "microsoftdefenderforoffice365", "Email",
            "microsoftdefenderforcloudapps", "CloudAudit",
            "microsoftdefenderforidentity", "Identity",
            "azureadidentityprotection", "Identity");

    private final Map<String, String> table = new HashMap<>(DEFAULTS);

    /** @param overrides serviceSource → category, e.g. {@code microsoftDefenderForCloud → Cloud} */
    public CategoryMapping(Map<String, String> overrides) {
        overrides.forEach((serviceSource, category) -> {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("relay.category." + serviceSource
                        + " is empty: give the category name the router should see, e.g. Antivirus");
            }
            table.put(key(serviceSource), category.trim());
        });
    }

    /** Anything not in the table, including a missing serviceSource, is Thirdparty. */
    public String categoryOf(String serviceSource) {
        return serviceSource == null ? FALLBACK : table.getOrDefault(key(serviceSource), FALLBACK);
    }

    private static String key(String serviceSource) {
        return serviceSource.trim().toLowerCase(Locale.ROOT);
    }
}
