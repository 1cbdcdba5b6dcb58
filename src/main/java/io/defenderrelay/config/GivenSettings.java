package io.defenderrelay.config;

import org.apache.camel.CamelContext;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The settings as the relay was given them, before any is interpreted: the raw values of the properties files (and
 * of Camel's override properties, which tests use), the relay.* -D system properties and the environment.
 */
public record GivenSettings(Map<String, String> properties, Map<String, String> systemProperties,
                            Map<String, String> env) {
    private static final Pattern TENANT_KEY = Pattern.compile("relay\\.tenants\\[(\\d{1,9})].*");
    private static final Pattern TENANT_ENV_NAME = Pattern.compile("RELAY_TENANTS_(\\d{1,9})_.*");

    public static GivenSettings of(CamelContext context) {
        return new GivenSettings(strings(context.getPropertiesComponent().loadProperties(), key -> true),
                strings(System.getProperties(), key -> key.startsWith("relay.")), System.getenv());
    }

    private static Map<String, String> strings(Properties properties, Predicate<String> keys) {
        return properties.stringPropertyNames().stream().filter(keys)
                .collect(Collectors.toMap(Function.identity(), properties::getProperty));
    }

    /** The relay.* keys of the properties files and of -D. */
    public Set<String> relayKeys() {
        return Stream.concat(properties.keySet().stream(), systemProperties.keySet().stream())
                .filter(key -> key.startsWith("relay.")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The environment variables named like a relay setting. */
    public Set<String> relayEnvNames() {
        return env.keySet().stream().filter(name -> name.startsWith("RELAY_")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The relay.tenants[i] indexes any key or environment variable names, misspelled or not. */
    public SortedSet<Integer> tenantIndexes() {
        SortedSet<Integer> indexes = new TreeSet<>();
        relayKeys().forEach(key -> addIndex(TENANT_KEY.matcher(key), indexes));
        relayEnvNames().forEach(name -> addIndex(TENANT_ENV_NAME.matcher(name), indexes));
        return indexes;
    }

    private static void addIndex(Matcher matcher, Set<Integer> indexes) {
        if (matcher.matches()) {
            indexes.add(Integer.valueOf(matcher.group(1)));
        }
    }

    /** Whether the properties files' value of the key is the one in effect: no -D or environment variable replaces it. */
    public boolean fileValueInEffect(String key) {
        return properties.containsKey(key) && !systemProperties.containsKey(key)
                && !env.containsKey(SettingsSource.envName(key));
    }
}
