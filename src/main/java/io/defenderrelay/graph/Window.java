package io.defenderrelay.graph;

import io.defenderrelay.support.GraphTime;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One query window: alerts with {@code start <= lastUpdateDateTime < end}, optionally narrowed by a createdDateTime
 * range (either end may be open) and {@code eq} filters when a single instant holds more alerts than Graph can return.
 */
public record Window(Instant start, Instant end, Instant createdFrom, Instant createdTo, Map<String, String> equals) {

    public Window {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window " + start + " .. " + end);
        }
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            throw new IllegalArgumentException("empty created range " + createdFrom + " .. " + createdTo);
        }
        // sorted: the same window gives the same $filter in every JVM (Map.copyOf's order changes per run)
        equals = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(equals)));
    }

    public static Window of(Instant start, Instant end) {
        return new Window(start, end, null, null, Map.of());
    }

    /** True for a plain lastUpdateDateTime range: only such windows move the checkpoint. */
    public boolean timeOnly() {
        return !createdBounded() && equals.isEmpty();
    }

    private boolean createdBounded() {
        return createdFrom != null || createdTo != null;
    }

    public Window withTime(Instant newStart, Instant newEnd) {
        return new Window(newStart, newEnd, createdFrom, createdTo, equals);
    }

    /** The same window narrowed to {@code from <= createdDateTime < to}; null leaves that end open. */
    public Window withCreated(Instant from, Instant to) {
        return new Window(start, end, from, to, equals);
    }

    public Window withEquals(String property, String value) {
        Map<String, String> more = new TreeMap<>(equals);
        more.put(property, value);
        return new Window(start, end, createdFrom, createdTo, more);
    }

    /** The OData {@code $filter} expression selecting exactly this window. */
    public String filter() {
        StringJoiner clauses = new StringJoiner(" and ");
        clauses.add("lastUpdateDateTime ge " + GraphTime.format(start));
        clauses.add("lastUpdateDateTime lt " + GraphTime.format(end));
        if (createdFrom != null) {
            clauses.add("createdDateTime ge " + GraphTime.format(createdFrom));
        }
        if (createdTo != null) {
            clauses.add("createdDateTime lt " + GraphTime.format(createdTo));
        }
        // values may come from Graph's own pages: quote them as OData string literals
        equals.forEach((property, value) -> clauses.add(property + " eq '" + value.replace("'", "''") + "'"));
        return clauses.toString();
    }

    @Override
    public String toString() {
        return "[" + GraphTime.format(start) + ", " + GraphTime.format(end) + ")"
                + (createdBounded() ? " created [" + bound(createdFrom) + ", " + bound(createdTo) + ")" : "")
                + (equals.isEmpty() ? "" : " " + equals);
    }

    private static String bound(Instant instant) {
        return instant == null ? "*" : GraphTime.format(instant);
    }
}
