package io.defenderrelay.config;

import org.apache.camel.CamelContext;

import java.util.Optional;
import java.util.function.Function;

/**
 * Looks a key up the way the relay documents it: a {@code -D} system property first, then an environment variable
 * (upper case, every non-alphanumeric run as '_': {@code relay.tenants[0].client-id} → {@code RELAY_TENANTS_0_CLIENT_ID}),
 * then the properties file (through Camel, so {@code ${env:...}} references resolve there).
 */
public final class SettingsSource {

    private final Function<String, Optional<String>> fileLookup;
    private final Function<String, String> env;

    public SettingsSource(Function<String, Optional<String>> fileLookup, Function<String, String> env) {
        this.fileLookup = fileLookup;
        this.env = env;
    }

    public static String envName(String key) {
        return KeyPattern.envChars(key).replaceAll("_$", "");
    }

    public Optional<String> get(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = env.apply(envName(key));
        }
        Optional<String> found = value != null ? Optional.of(value) : fileLookup.apply(key);
        return found.map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * A key the shipped application.properties defines (it is packed in the jar as the defaults), so it is only
     * missing when a properties file given to the relay has emptied it.
     */
    public String value(String key) {
        return get(key).orElseThrow(() -> new ConfigurationException(emptied(key)));
    }

    static String emptied(String key) {
        return key + " is empty: give it a value, or remove the line to keep the default of the shipped"
                + " application.properties";
    }

    /** The settings of a running Camel context: -D, then the environment, then its properties files. */
    public static SettingsSource of(CamelContext context) {
        return new SettingsSource(key -> context.getPropertiesComponent().resolveProperty(key), System::getenv);
    }
}
