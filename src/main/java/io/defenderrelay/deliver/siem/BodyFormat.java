package io.defenderrelay.deliver.siem;

import com.fasterxml.jackson.databind.JsonNode;

/** How events become one request body: each event's bytes, framed by a prefix, separators and a suffix. */
public interface BodyFormat {
    /** {@code json} is the event's compact JSON, made once for every sink; formats that send it as is reuse it. */
    byte[] encode(JsonNode event, byte[] json);

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
