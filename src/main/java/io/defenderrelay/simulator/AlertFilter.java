package io.defenderrelay.simulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * A parsed alerts_v2 {@code $filter}: inclusive tick ranges on lastUpdateDateTime and createdDateTime plus required
 * enum codes. {@code contradictory} when two clauses can never both hold (e.g. two different severities).
 */
record AlertFilter(long updatedFrom, long updatedTo, long createdFrom, long createdTo,
                   Map<AlertProperty, Byte> equals, boolean contradictory) {

    AlertFilter {
        equals = equals.isEmpty() ? Map.of() : new EnumMap<>(equals);
    }

    static AlertFilter all() {
        return new AlertFilter(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Map.of(), false);
    }
}
