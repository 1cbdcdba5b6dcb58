package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: status, headers and the exact body bytes (which a fault may have mangled); {@code sent}
 * bytes of the body go out before the connection is closed (less than its length when a fault cuts it).
 */
record Reply(int status, Map<String, String> headers, byte[] body, int sent) {

    Reply {
        headers = Map.copyOf(headers);
    }

    Reply(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, body.length);
    }

    static Reply json(int status, String contentType, Object value) {
        try {
            return new Reply(status, Map.of("Content-Type", contentType), Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator could not serialize its own reply", e);
        }
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, more, body, sent);
    }

    /** Another body; a cut reply stays cut. */
    Reply withBody(int newStatus, byte[] newBody) {
        return new Reply(newStatus, headers, newBody, sent < body.length ? Math.min(sent, newBody.length) : newBody.length);
    }

    /** The same reply, announced whole but cut off after {@code bytes} of its body. */
    Reply cutAfter(int bytes) {
        return new Reply(status, headers, body, bytes);
    }
}
