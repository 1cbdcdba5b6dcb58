package io.defenderrelay.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Graph alert severity → relay severity name and OCSF {@code severity_id}, from the table
 * {@code relay.severity.<graphValue>=<name>/<ocsfId>} of application.properties (its only copy). Values outside the
 * table become other/99 and are counted, never rejected. Keys match case-insensitively because environment
 * variables lose case.
 */
public final class SeverityLookup {
    static final Severity OTHER = new Severity("other", OcsfEnums.OTHER);

    private final Map<String, Severity> table = new HashMap<>();
    private final AtomicLong unmapped = new AtomicLong();

    /** @param table Graph severity value → {@code name/ocsfId}, e.g. {@code high → critical/5} */
    public SeverityLookup(Map<String, String> table) {
        table.forEach((graphValue, setting) -> this.table.put(key(graphValue), parse(graphValue, setting)));
        if (!this.table.containsKey("unknown")) {
            throw new IllegalArgumentException("relay.severity.unknown is not set: the table needs the severity of an"
                    + " alert without one, e.g. relay.severity.unknown = unknown/0");
        }
    }

    /**
     * Missing severity is Graph's "unknown"; any value not in the table is other/99 and counted. Graph's own
     * spelling is tried before lower-casing, which would cost an allocation per alert.
     */
    public Severity lookup(String graphSeverity) {
        Severity severity = graphSeverity == null ? table.get("unknown") : table.get(graphSeverity);
        if (severity == null && graphSeverity != null) {
            severity = table.get(key(graphSeverity));
        }
        if (severity != null) {
            return severity;
        }
        unmapped.incrementAndGet();
        return OTHER;
    }

    /**
     * The OCSF {@code severity_id} a severity name stands for in a threshold such as relay.sink.siem.min-severity:
     * a relay name from the table ({@code info}) or an OCSF caption ({@code informational}, {@code critical}).
     */
    public int idOfName(String name) {
        String wanted = key(name);
        for (Severity severity : table.values()) {
            if (severity.name().equalsIgnoreCase(wanted)) {
                return severity.id();
            }
        }
        for (Map.Entry<Integer, String> caption : OcsfEnums.SEVERITY.entrySet()) {
            if (caption.getKey() != OcsfEnums.OTHER && caption.getValue().equalsIgnoreCase(wanted)) {
                return caption.getKey();
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a severity; use one of "
                + table.values().stream().map(Severity::name).distinct().sorted().toList()
                + " or an OCSF severity (informational, critical, fatal)");
    }

    /** How many alerts carried a severity the table does not know (they were mapped to other/99). */
    public long unmappedCount() {
        return unmapped.get();
    }

    private static String key(String graphValue) {
        return graphValue.trim().toLowerCase(Locale.ROOT);
    }

    private static Severity parse(String graphValue, String setting) {
        String value = setting == null ? "" : setting.trim();
        int slash = value.lastIndexOf('/');
        String name = slash < 0 ? "" : value.substring(0, slash).trim();
        Integer id = slash < 0 ? null : parseId(value.substring(slash + 1).trim());
        if (name.isEmpty() || id == null || !OcsfEnums.SEVERITY.containsKey(id)) {
            throw new IllegalArgumentException("relay.severity." + graphValue + "='" + setting
                    + "' is not a severity: write <name>/<ocsfSeverityId>, e.g. high/4, with an OCSF severity_id"
                    + " of 0-6 or 99");
        }
        return new Severity(name, id);
    }

    private static Integer parseId(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
