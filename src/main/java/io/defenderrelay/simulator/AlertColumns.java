package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * The per-alert facts of a store as primitive columns indexed by slot: two tick timestamps, one byte per enum
 * property and a version, about 25 bytes an alert. Not thread-safe: {@link AlertStore} guards it.
 */
final class AlertColumns {
    private static final int PROPERTIES = AlertProperty.values().length;

    private long[] created = new long[0];
    private long[] updated = new long[0];
    private final byte[][] codes = new byte[PROPERTIES][0];
    private int[] versions = new int[0];
    private int size;

    int size() {
        return size;
    }

    int allocate() {
        if (size == updated.length) {
            int capacity = Math.max(1024, size + (size >> 1));
            created = Arrays.copyOf(created, capacity);
            updated = Arrays.copyOf(updated, capacity);
            versions = Arrays.copyOf(versions, capacity);
            for (int p = 0; p < PROPERTIES; p++) {
                codes[p] = Arrays.copyOf(codes[p], capacity);
            }
        }
        return size++;
    }

    long created(int slot) {
        return created[slot];
    }

    long updated(int slot) {
        return updated[slot];
    }

    byte code(AlertProperty property, int slot) {
        return codes[property.ordinal()][slot];
    }

    String value(AlertProperty property, int slot) {
        return property.decode(code(property, slot));
    }

    void write(int slot, AlertFacts facts) {
        created[slot] = GraphTime.ticks(facts.createdDateTime());
        updated[slot] = GraphTime.ticks(facts.lastUpdateDateTime());
        versions[slot] = facts.version();
        set(AlertProperty.SEVERITY, slot, facts.severity());
        set(AlertProperty.STATUS, slot, facts.status());
        set(AlertProperty.SERVICE_SOURCE, slot, facts.serviceSource());
        set(AlertProperty.CLASSIFICATION, slot, facts.classification());
        set(AlertProperty.DETERMINATION, slot, facts.determination());
    }

    /** Takes a hand-made alert's facts from its JSON; its version counts on from the slot's previous one. */
    void write(int slot, ObjectNode alert, long createdTicks, long updatedTicks) {
        created[slot] = createdTicks;
        updated[slot] = updatedTicks;
        versions[slot]++;
        for (AlertProperty property : AlertProperty.values()) {
            set(property, slot, alert.path(property.graphName()).textValue());
        }
    }

    AlertFacts facts(int slot, String id, long seed) {
        return new AlertFacts(id, seed, GraphTime.instant(created[slot]), GraphTime.instant(updated[slot]),
                value(AlertProperty.SEVERITY, slot), value(AlertProperty.STATUS, slot),
                value(AlertProperty.SERVICE_SOURCE, slot), value(AlertProperty.CLASSIFICATION, slot),
                value(AlertProperty.DETERMINATION, slot), versions[slot]);
    }

    private void set(AlertProperty property, int slot, String value) {
        codes[property.ordinal()][slot] = property.encode(value);
    }
}
