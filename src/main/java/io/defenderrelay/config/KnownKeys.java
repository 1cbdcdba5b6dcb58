package io.defenderrelay.config;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay.* keys the relay reads: every one a line of the shipped application.properties starts with, set or
 * commented out, including the families its comments write with placeholders ({@code relay.tenants[0].name}, {@code
 * relay.sink.<file|kafka|siem>.enabled}, {@code relay.category.<serviceSource>}). The file is the only list.
 */
public final class KnownKeys {
    /** A key where a line of the file starts one, commented out or not. */
    private static final Pattern WRITTEN_KEY = Pattern.compile("^#?[ \\t]*(relay\\.[\\w.\\[\\]<>|-]+)", Pattern.MULTILINE);

    private final List<KeyPattern> patterns;

    private KnownKeys(List<KeyPattern> patterns) {
        this.patterns = patterns;
    }

    public static KnownKeys shipped() {
        Set<String> written = new LinkedHashSet<>();
        Matcher key = WRITTEN_KEY.matcher(ShippedDefaults.text());
        while (key.find()) {
            written.add(key.group(1));
        }
        return new KnownKeys(written.stream().map(KeyPattern::new).toList());
    }

    boolean contains(String key) {
        return patterns.stream().anyMatch(p -> p.matches(key));
    }

    boolean containsEnvName(String name) {
        return patterns.stream().anyMatch(p -> p.matchesEnvName(name));
    }

    /** The family of any names (relay.category.<serviceSource>) the key belongs to: only a file can add its entries. */
    Optional<String> anyNameFamily(String key) {
        return patterns.stream().filter(p -> p.anyName() && p.matches(key)).map(KeyPattern::written).findFirst();
    }

    Optional<String> anyNameFamilyOfEnvName(String name) {
        return patterns.stream().filter(p -> p.anyName() && p.matchesEnvName(name)).map(KeyPattern::written).findFirst();
    }

    /** The keys without placeholders. */
    Set<String> exactKeys() {
        Set<String> keys = new LinkedHashSet<>();
        patterns.forEach(p -> p.exactKey().ifPresent(keys::add));
        return keys;
    }

    /** The known key a mistyped one most likely meant, if one is close enough. */
    Optional<String> nearest(String key) {
        return nearest(key, key, candidate -> candidate);
    }

    /** The known key whose environment variable name a mistyped one most likely meant. */
    Optional<String> nearestToEnvName(String name) {
        return nearest(name.toLowerCase(Locale.ROOT).replace('_', '.'), name, SettingsSource::envName);
    }

    private Optional<String> nearest(String hint, String typed, UnaryOperator<String> spelled) {
        return patterns.stream()
                .flatMap(p -> p.candidates(hint).stream())
                .map(candidate -> new Scored(candidate, distance(typed, spelled.apply(candidate))))
                .filter(scored -> scored.distance() <= Math.max(2, typed.length() / 6))
                .min(Comparator.comparingInt(Scored::distance))
                .map(Scored::key);
    }

    private record Scored(String key, int distance) {
    }

    /** Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
