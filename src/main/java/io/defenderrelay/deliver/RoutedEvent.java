package io.defenderrelay.deliver;

import io.defenderrelay.support.JsonBytes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized event on its way to the sinks: the tree, its compact JSON ({@code json}, what the file and Kafka
 * sinks write, made once for all of them) and the message headers normalization left beside it.
 */
public record RoutedEvent(JsonNode event, byte[] json, Map<String, Object> headers) {
    public RoutedEvent {
        // a header normalization left unset (an alert without serviceSource) is absent, not null
        Map<String, Object> present = new HashMap<>(headers);
        present.values().removeIf(Objects::isNull);
        headers = Collections.unmodifiableMap(present);
    }

    public RoutedEvent(JsonNode event, Map<String, Object> headers) {
        this(event, JsonBytes.of(event), headers);
    }

    /** The tenant whose alert this is (normalization's header). */
    public String tenant() {
        return String.valueOf(headers.get("tenant"));
    }

    /** {@code metadata.uid}: alert id + lastUpdateDateTime, the same for every re-delivery of this version. */
    public String uid() {
        return uid(event);
    }

    public static String uid(JsonNode event) {
        return event.path("metadata").path("uid").asText("");
    }
}
