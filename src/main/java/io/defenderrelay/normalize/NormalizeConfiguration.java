package io.defenderrelay.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Binds the {@code normalizeAlert} bean (and its {@code severityLookup}, for metrics) from the properties
 * {@code relay.output.include-raw}, {@code relay.severity.<graphValue>} and {@code relay.category.<serviceSource>}.
 * Add it to Camel Main with {@code main.configure().addConfiguration(NormalizeConfiguration.class)}.
 */
public class NormalizeConfiguration implements CamelConfiguration {
    static final String INCLUDE_RAW = "relay.output.include-raw";
    static final String SEVERITY_PREFIX = "relay.severity.";
    static final String CATEGORY_PREFIX = "relay.category.";

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        SeverityLookup severities = new SeverityLookup(withPrefix(properties, SEVERITY_PREFIX));
        CategoryMapping categories = new CategoryMapping(withPrefix(properties, CATEGORY_PREFIX));
        boolean includeRaw = includeRaw(properties.resolveProperty(INCLUDE_RAW).orElse("false"));
        context.getRegistry().bind("severityLookup", severities);
        context.getRegistry().bind("normalizeAlert",
                new NormalizeAlert(new AlertNormalizer(severities, categories, includeRaw)));
    }

    private static Map<String, String> withPrefix(PropertiesComponent properties, String prefix) {
        Properties found = properties.loadProperties(key -> key.startsWith(prefix));
        Map<String, String> byKey = new HashMap<>();
        found.stringPropertyNames().forEach(key -> byKey.put(key.substring(prefix.length()),
                properties.parseUri("{{" + key + "}}")));
        return byKey;
    }

    private static boolean includeRaw(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(INCLUDE_RAW + "='" + value
                    + "' is not a boolean: set it to true (keep the original alert in raw_data) or false");
        };
    }
}
