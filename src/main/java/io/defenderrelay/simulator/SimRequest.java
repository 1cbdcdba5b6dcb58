package io.defenderrelay.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP request as the simulator's endpoints see it: header names lower case, body fully read. */
record SimRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
                  Instant receivedAt, String requestId) {

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String pathAndQuery() {
        return rawQuery == null ? path : path + "?" + rawQuery;
    }
}
