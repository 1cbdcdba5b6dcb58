package io.defenderrelay.deliver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** One normalized event on its way to the sinks, with the message headers normalization left beside it. */
public record RoutedEvent(JsonNode event, Map<String, Object> headers) {
    public RoutedEvent {
        headers = Map.copyOf(headers);
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
