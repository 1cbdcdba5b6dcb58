package io.defenderrelay.deliver.siem;

import com.fasterxml.jackson.databind.JsonNode;

/** How events become one request body: each event's bytes, framed by a prefix, separators and a suffix. */
public interface BodyFormat {
    byte[] encode(JsonNode event);

    default byte[] prefix() {
        return new byte[0];
    }

    default byte[] separator() {
        return new byte[0];
    }

    default byte[] suffix() {
        return new byte[0];
    }

    String contentType();
}
