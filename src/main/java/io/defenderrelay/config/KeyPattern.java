package io.defenderrelay.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A key as application.properties writes it, standing for a family where it has a placeholder: {@code [0]} or
 * {@code [i]} for any index, {@code <file|kafka|siem>} for one of those names, {@code <serviceSource>} for any name.
 */
final class KeyPattern {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[(?:\\d+|[a-zA-Z])]|<([^>]+)>");
    private static final Pattern INDEX_HINT = Pattern.compile("[\\[_.](\\d+)(?:[\\]_.]|$)");

    /** A piece of a written key: as a regex over keys, over environment variable names, and as example keys. */
    private interface Part {
        String regex(boolean asEnvName);

        List<String> examples(String index, String lastName);
    }

    private record Literal(String text) implements Part {
        public String regex(boolean asEnvName) {
            return Pattern.quote(asEnvName ? envChars(text) : text);
        }

        public List<String> examples(String index, String lastName) {
            return List.of(text);
        }
    }

    private record Index() implements Part {
        public String regex(boolean asEnvName) {
            return asEnvName ? "_\\d{1,9}" : "\\[\\d{1,9}]";
        }

        public List<String> examples(String index, String lastName) {
            return List.of("[" + index + "]");
        }
    }

    private record OneOf(List<String> names) implements Part {
        public String regex(boolean asEnvName) {
            return names.stream().map(name -> Pattern.quote(asEnvName ? envChars(name) : name))
                    .collect(Collectors.joining("|", "(?:", ")"));
        }

        public List<String> examples(String index, String lastName) {
            return names;
        }
    }

    private record AnyName() implements Part {
        public String regex(boolean asEnvName) {
            return asEnvName ? "[A-Z0-9_]+" : "[^.]+";
        }

        public List<String> examples(String index, String lastName) {
            return List.of(lastName);
        }
    }

    private final String written;
    private final List<Part> parts = new ArrayList<>();
    private final Pattern key;
    private final Pattern envName;

    KeyPattern(String written) {
        this.written = written;
        Matcher placeholder = PLACEHOLDER.matcher(written);
        int end = 0;
        while (placeholder.find()) {
            parts.add(new Literal(written.substring(end, placeholder.start())));
            String names = placeholder.group(1);
            parts.add(names == null ? new Index() : names.contains("|") ? new OneOf(List.of(names.split("\\|"))) : new AnyName());
            end = placeholder.end();
        }
        parts.add(new Literal(written.substring(end)));
        key = Pattern.compile(regex(false));
        envName = Pattern.compile(regex(true));
    }

    String written() {
        return written;
    }

    boolean matches(String candidate) {
        return key.matcher(candidate).matches();
    }

    boolean matchesEnvName(String name) {
        return envName.matcher(name).matches();
    }

    /** A family of any names (relay.category.*): the relay finds its entries by listing the properties files. */
    boolean anyName() {
        return parts.stream().anyMatch(AnyName.class::isInstance);
    }

    /** The key itself when it has no placeholder. */
    Optional<String> exactKey() {
        return parts.size() == 1 ? Optional.of(written) : Optional.empty();
    }

    /** The keys of this pattern nearest to {@code hint}: its index, its last name, each of the choices. */
    List<String> candidates(String hint) {
        Matcher index = INDEX_HINT.matcher(hint);
        String indexText = index.find() ? index.group(1) : "0";
        String lastName = hint.substring(hint.lastIndexOf('.') + 1);
        List<String> keys = List.of("");
        for (Part part : parts) {
            List<String> endings = part.examples(indexText, lastName);
            keys = keys.stream().flatMap(start -> endings.stream().map(start::concat)).toList();
        }
        return keys;
    }

    private String regex(boolean asEnvName) {
        return parts.stream().map(part -> part.regex(asEnvName)).collect(Collectors.joining());
    }

    /** Upper case, every run of other characters as '_' (see {@link SettingsSource#envName}). */
    static String envChars(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
