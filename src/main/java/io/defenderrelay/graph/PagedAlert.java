package io.defenderrelay.graph;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One alert as a page carried it: its JSON, unparsed (the normalize threads parse it, not the reader), and the
 * top-level values the read and the window splitter need, as Jackson's {@code asText("")} gives them ("" when absent,
 * null or not a plain value).
 */
public final class PagedAlert {
    /** The fields kept apart from the JSON; their order is the order of {@link #fields}. */
    static final String[] KEPT = {"id", "lastUpdateDateTime", "createdDateTime", "status", "severity", "serviceSource"};

    private final byte[] json;
    private final String[] fields;

    PagedAlert(byte[] json, String[] fields) {
        this.json = json;
        this.fields = fields;
    }

    /** The alert's JSON as Graph sent it. */
    public byte[] json() {
        return json;
    }

    public String id() {
        return fields[0];
    }

    public String lastUpdate() {
        return fields[1];
    }

    /** Its version: the same alert updated later is another one. */
    String key() {
        return id() + "@" + lastUpdate();
    }

    /** One of {@link #KEPT}. */
    String text(String field) {
        int index = kept(field);
        if (index < 0) {
            throw new IllegalArgumentException(field + " is not kept apart from an alert's JSON");
        }
        return fields[index];
    }

    /** The position of {@code field} in {@link #KEPT}, or -1. */
    static int kept(String field) {
        return Arrays.asList(KEPT).indexOf(field);
    }

    /** Values for every kept field, all "" until read. */
    static String[] noFields() {
        String[] fields = new String[KEPT.length];
        Arrays.fill(fields, "");
        return fields;
    }

    /** The JSON text: a dead letter records the alert as received. */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
