package io.defenderrelay.graph;

import io.defenderrelay.support.GraphTime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a window that holds more alerts than Graph can return into smaller ones: first by lastUpdateDateTime, then,
 * when one instant overflows (a bulk resolve), by createdDateTime, and last by the enum properties $filter accepts.
 */
public final class WindowSplitter {

    private static final Instant EARLIEST_CREATED = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_PARTS = 64;

    /** Every documented value of the always-present enum properties $filter accepts (classification can be null). */
    static final Map<String, List<String>> ENUMS = orderedEnums();

    private final int targetPerWindow;

    public WindowSplitter(int targetPerWindow) {
        if (targetPerWindow < 1) {
            throw new IllegalArgumentException("targetPerWindow must be positive");
        }
        this.targetPerWindow = targetPerWindow;
    }

    /** Windows covering exactly {@code window}, each expected to hold fewer alerts than {@code count}. */
    public List<Window> split(Window window, long count) {
        int parts = (int) Math.min(MAX_PARTS, Math.max(2, (count + targetPerWindow - 1) / targetPerWindow));
        if (ticks(window.start(), window.end()) >= 2) {
            return slices(window.start(), window.end(), parts).stream()
                    .map(range -> window.withTime(range[0], range[1])).toList();
        }
        if (window.createdFrom() == null) {
            return List.of(window.withCreated(EARLIEST_CREATED, window.end()));
        }
        if (ticks(window.createdFrom(), window.createdTo()) >= 2) {
            return slices(window.createdFrom(), window.createdTo(), parts).stream()
                    .map(range -> window.withCreated(range[0], range[1])).toList();
        }
        for (Map.Entry<String, List<String>> property : ENUMS.entrySet()) {
            if (!window.equals().containsKey(property.getKey())) {
                return property.getValue().stream().map(value -> window.withEquals(property.getKey(), value)).toList();
            }
        }
        throw new WindowOverflowException(window, count);
    }

    private static long ticks(Instant from, Instant to) {
        return Duration.between(from, to).dividedBy(GraphTime.TICK);
    }

    /** Equal slices aligned to ticks, first to last, without gaps or overlaps. */
    private static List<Instant[]> slices(Instant from, Instant to, int parts) {
        long total = ticks(from, to);
        int n = (int) Math.min(parts, total);
        List<Instant[]> result = new ArrayList<>(n);
        Instant sliceStart = from;
        for (int i = 1; i <= n; i++) {
            Instant sliceEnd = i == n ? to : from.plus(GraphTime.TICK.multipliedBy(total * i / n));
            result.add(new Instant[] {sliceStart, sliceEnd});
            sliceStart = sliceEnd;
        }
        return result;
    }

    private static Map<String, List<String>> orderedEnums() {
        Map<String, List<String>> enums = new java.util.LinkedHashMap<>();
        enums.put("severity", List.of("unknown", "informational", "low", "medium", "high", "unknownFutureValue"));
        enums.put("serviceSource", List.of("unknown", "microsoftDefenderForEndpoint", "microsoftDefenderForIdentity",
                "microsoftDefenderForCloudApps", "microsoftDefenderForOffice365", "microsoft365Defender",
                "azureAdIdentityProtection", "microsoftAppGovernance", "dataLossPrevention", "unknownFutureValue",
                "microsoftDefenderForCloud"));
        enums.put("status", List.of("unknown", "new", "inProgress", "resolved", "unknownFutureValue"));
        return java.util.Collections.unmodifiableMap(enums);
    }
}
