package io.defenderrelay.config;

import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.DefaultPropertiesParser;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.component.properties.PropertiesLookup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${env:NAME:default}} in a setting's value: how application.properties keeps secrets
 * in the environment. Camel itself resolves only {@code {{env:NAME}}}, so the relay resolves these in Camel's
 * property parser, for its own lookups and its routes' alike.
 */
public final class EnvReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([^:}]+)(?::([^}]*))?}");

    private EnvReferences() {
    }

    /** Makes every property Camel resolves resolve its references too. */
    public static void resolveIn(CamelContext context) {
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        properties.setPropertiesParser(new Parser(properties));
    }

    /**
     * Camel's parser, resolving references too. Camel's parser logs every value it resolves at DEBUG under its class
     * name: log4j2.properties keeps {@code io.defenderrelay.config.EnvReferences$Parser} at INFO, so no secret is printed.
     */
    private static final class Parser extends DefaultPropertiesParser {
        Parser(PropertiesComponent properties) {
            super(properties);
        }

        @Override
        public String parseProperty(String key, String value, PropertiesLookup lookup) {
            return value == null ? null : resolve(value, System::getenv);
        }
    }

    /** The value with each reference replaced; one to an unset variable without default stays as written. */
    public static String resolve(String value, Function<String, String> env) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String set = env.apply(reference.group(1));
            String replacement = set != null ? set : reference.group(2) != null ? reference.group(2) : reference.group();
            reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(resolved).toString();
    }

    /** The variables the value refers to. */
    public static Set<String> names(String value) {
        Set<String> names = new LinkedHashSet<>();
        REFERENCE.matcher(value).results().forEach(reference -> names.add(reference.group(1)));
        return names;
    }

    /** The variables the value refers to that are unset and have no default. */
    public static List<String> unset(String value, Function<String, String> env) {
        List<String> unset = new ArrayList<>();
        REFERENCE.matcher(value).results()
                .filter(reference -> env.apply(reference.group(1)) == null && reference.group(2) == null)
                .forEach(reference -> unset.add(reference.group(1)));
        return unset;
    }
}
