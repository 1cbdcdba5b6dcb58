package io.defenderrelay.normalize;

import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;

/**
 * The normalization beans, from {@code relay.normalize.threads}, {@code relay.output.include-raw}, the severity
 * table {@code relay.severity.*} and the category overrides {@code relay.category.*}. Added to Camel Main by
 * RelayMain.
 */
public class NormalizeConfiguration implements CamelConfiguration {
    static final String INCLUDE_RAW = "relay.output.include-raw";
    static final String SEVERITY_PREFIX = "relay.severity.";
    static final String CATEGORY_PREFIX = "relay.category.";
    static final String THREADS = "relay.normalize.threads";

    @BindToRegistry(lazy = true)
    public SeverityLookup severityLookup(CamelContext context) {
        return new SeverityLookup(withPrefix(context.getPropertiesComponent(), SEVERITY_PREFIX));
    }

    /** The threads that normalize a window's alerts (routes/normalize.camel.yaml), shared by all polls. */
    @BindToRegistry(lazy = true)
    public ExecutorService normalizeThreads(CamelContext context, @PropertyInject(THREADS) int threads) {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "normalize", threads);
    }

    @BindToRegistry(lazy = true)
    public AlertNormalizer alertNormalizer(CamelContext context, SeverityLookup severityLookup,
                                           RelayMetrics relayMetrics, @PropertyInject(INCLUDE_RAW) String includeRaw) {
        CategoryMapping categories = new CategoryMapping(withPrefix(context.getPropertiesComponent(), CATEGORY_PREFIX));
        return new AlertNormalizer(new FindingMapper(severityLookup, categories, includeRaw(includeRaw)), relayMetrics);
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
