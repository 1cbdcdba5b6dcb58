package io.defenderrelay.normalize;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, over many events, how often each recommended attribute was missing and how many events were invalid
 * or used deprecated attributes, for the test output.
 */
final class RecommendedStatistics {
    private final Map<String, Integer> missing = new TreeMap<>();
    private int events;
    private int invalid;
    private int errors;
    private int warned;

    void add(OcsfReport report) {
        events++;
        if (!report.errors().isEmpty()) {
            invalid++;
            errors += report.errors().size();
        }
        if (!report.warnings().isEmpty()) {
            warned++;
        }
        report.missingRecommended().stream().distinct().forEach(path -> missing.merge(path, 1, Integer::sum));
    }

    int invalidEvents() {
        return invalid;
    }

    /** One line per recommended attribute missing somewhere, with the share of events that lack it. */
    String summary(String title) {
        StringBuilder text = new StringBuilder(String.format("%s: %d events, %d invalid (%d errors), %d with "
                + "deprecated attributes; recommended attributes missing:%n", title, events, invalid, errors, warned));
        missing.forEach((path, count) -> text.append(String.format("  %-45s %6d  %5.1f %%%n", path, count,
                100.0 * count / events)));
        return text.toString();
    }
}
