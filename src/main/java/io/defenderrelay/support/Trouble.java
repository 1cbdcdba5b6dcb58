package io.defenderrelay.support;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the relay's troubleshooting catalogue: how a problem shows ({@code symptom}, in markdown), what it is
 * ({@code cause}) and what to do ({@code fix}). A diagnosis words its message with the entry's cause and fix, and the
 * README's troubleshooting table is rendered from the same entries, so the two say the same. Cause and fix may name
 * {@code {placeholders}} (e.g. {@code {tenant}}) that a diagnosis fills with the actual values and the table shows as
 * {@code <tenant>}.
 */
public record Trouble(String symptom, String cause, String fix) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

    /** "cause: fix" with the placeholders filled from {@code values}, e.g. Map.of("tenant", "contoso"). */
    public String said(Map<String, String> values) {
        return fill(cause, values) + ": " + fill(fix, values);
    }

    /** The cause alone, filled. */
    public String cause(Map<String, String> values) {
        return fill(cause, values);
    }

    /** The fix alone, filled. */
    public String fix(Map<String, String> values) {
        return fill(fix, values);
    }

    /** The catalogue's row: symptom | cause | fix, placeholders shown as {@code <name>}. */
    public String row() {
        return "| " + symptom + " | " + cell(cause) + " | " + cell(fix) + " |";
    }

    private static String cell(String text) {
        return PLACEHOLDER.matcher(text).replaceAll("`<$1>`").replace("|", "\\|");
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + placeholder.group(1) + "} in: " + text);
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(filled).toString();
    }
}
