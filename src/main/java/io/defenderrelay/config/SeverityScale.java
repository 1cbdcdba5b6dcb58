package io.defenderrelay.config;

import java.util.Collection;
import java.util.Map;

/**
 * The OCSF severity scale behind the relay.severity.* table ({@code <name>/<severity_id>}) and the min-severity
 * thresholds, read the same way by the startup check and by the normalizer.
 */
public final class SeverityScale {
    /** OCSF "other": a value newer than the relay. */
    public static final int OTHER = 99;

    /** OCSF 1.8.0 severity_id captions. */
    public static final Map<Integer, String> CAPTIONS = Map.of(
            0, "Unknown", 1, "Informational", 2, "Low", 3, "Medium", 4, "High", 5, "Critical", 6, "Fatal",
            OTHER, "Other");

    private SeverityScale() {
    }

    /** The value of relay.severity.{@code graphValue}, e.g. {@code high/4}. */
    public static Severity parse(String graphValue, String setting) {
        String value = setting == null ? "" : setting.trim();
        int slash = value.lastIndexOf('/');
        String name = slash < 0 ? "" : value.substring(0, slash).trim();
        Integer id = slash < 0 ? null : parseId(value.substring(slash + 1).trim());
        if (name.isEmpty() || id == null || !CAPTIONS.containsKey(id)) {
            throw new IllegalArgumentException("relay.severity." + graphValue + "='" + setting
                    + "' is not a severity: write <name>/<ocsfSeverityId>, e.g. high/4, with an OCSF severity_id"
                    + " of 0-6 or 99");
        }
        return new Severity(name, id);
    }

    /**
     * The severity_id a threshold such as relay.sink.siem.min-severity names: a relay name from the table ({@code info})
     * or an OCSF caption ({@code informational}, {@code critical}).
     */
    public static int idOfName(String name, Collection<Severity> table) {
        String wanted = name.trim();
        for (Severity severity : table) {
            if (severity.name().equalsIgnoreCase(wanted)) {
                return severity.id();
            }
        }
        for (Map.Entry<Integer, String> caption : CAPTIONS.entrySet()) {
            if (caption.getKey() != OTHER && caption.getValue().equalsIgnoreCase(wanted)) {
                return caption.getKey();
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a severity; use one of "
                + table.stream().map(Severity::name).distinct().sorted().toList()
                + " or an OCSF severity (informational, critical, fatal)");
    }

    private static Integer parseId(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
