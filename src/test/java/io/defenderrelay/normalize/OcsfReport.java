package io.defenderrelay.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * What checking one event found: errors (invalid), warnings (deprecated attributes) and the recommended attributes
 * it lacks, named by path with array indices dropped ({@code evidences[].device.os}).
 */
record OcsfReport(List<String> errors, List<String> warnings, List<String> missingRecommended) {

    OcsfReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        missingRecommended = List.copyOf(missingRecommended);
    }

    /** This report with more errors (the relay's own rules). */
    OcsfReport withErrors(List<String> more) {
        List<String> all = new ArrayList<>(errors);
        all.addAll(more);
        return new OcsfReport(all, warnings, missingRecommended);
    }
}
