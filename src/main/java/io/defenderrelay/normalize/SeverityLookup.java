package io.defenderrelay.normalize;

import io.defenderrelay.config.Severity;
import io.defenderrelay.config.SeverityScale;

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
    static final Severity OTHER = new Severity("other", SeverityScale.OTHER);

    private final Map<String, Severity> table = new HashMap<>();
    private final AtomicLong unmapped = new AtomicLong();

    /** @param table Graph severity value → {@code name/ocsfId}, e.g. {@code high → critical/5} */
    public SeverityLookup(Map<String, String> table) {
        table.forEach((graphValue, setting) -> this.table.put(key(graphValue), SeverityScale.parse(graphValue, setting)));
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
        return SeverityScale.idOfName(name, table.values());
    }

    /** How many alerts carried a severity the table does not know (they were mapped to other/99). */
    public long unmappedCount() {
        return unmapped.get();
    }

    private static String key(String graphValue) {
        return graphValue.trim().toLowerCase(Locale.ROOT);
    }
}
