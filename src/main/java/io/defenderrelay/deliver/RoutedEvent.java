package io.defenderrelay.deliver;

import io.defenderrelay.support.JsonBytes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized event on its way to the sinks: its compact JSON ({@link #json()}, what the sinks send, made once for
 * all of them), the facts the sinks read beside it ({@link #uid()}, {@link #classUid()}), the message headers
 * normalization left, and the event's tree while a sink that reads the tree again (the SIEM sink's formats and dead
 * letters) is among its sinks. Without one, {@link #withoutTree()} lets the tree go: a window waiting for its
 * acknowledgements then holds bytes, not trees several times their size, which young collections would copy again
 * and again and promote (with Kafka that had cost a third more relay CPU than the file sink).
 */
public final class RoutedEvent {
    /** The sink that reads an event's tree (the SIEM formats and dead letters); the others send its JSON. */
    static final String TREE_SINK = "siem";

    private final JsonNode event;
    private final byte[] json;
    private final Map<String, Object> headers;
    private final String uid;
    private final String classUid;

    public RoutedEvent(JsonNode event, Map<String, Object> headers) {
        this(event, JsonBytes.of(event), present(headers), uid(event), event.path("class_uid").asText());
    }

    private RoutedEvent(JsonNode event, byte[] json, Map<String, Object> headers, String uid, String classUid) {
        this.event = event;
        this.json = json;
        this.headers = headers;
        this.uid = uid;
        this.classUid = classUid;
    }

    /** A header normalization left unset (an alert without serviceSource) is absent, not null. */
    private static Map<String, Object> present(Map<String, Object> headers) {
        Map<String, Object> present = new HashMap<>(headers);
        present.values().removeIf(Objects::isNull);
        return Collections.unmodifiableMap(present);
    }

    /** The same event without its tree, for sinks that send {@link #json()} as it is. */
    public RoutedEvent withoutTree() {
        return event == null ? this : new RoutedEvent(null, json, headers, uid, classUid);
    }

    /** The event's tree, kept only for an event routed to a sink that reads it (see {@link #withoutTree()}). */
    public JsonNode event() {
        if (event == null) {
            throw new IllegalStateException("event " + uid + " was routed without its tree: only a SIEM share keeps"
                    + " it");
        }
        return event;
    }

    public byte[] json() {
        return json;
    }

    public Map<String, Object> headers() {
        return headers;
    }

    /** {@code metadata.uid}: alert id + lastUpdateDateTime, the same for every re-delivery of this version. */
    public String uid() {
        return uid;
    }

    /** {@code class_uid}, as text. */
    public String classUid() {
        return classUid;
    }

    /** The tenant whose alert this is (normalization's header). */
    public String tenant() {
        return String.valueOf(headers.get("tenant"));
    }

    public static String uid(JsonNode event) {
        return event.path("metadata").path("uid").asText("");
    }
}
