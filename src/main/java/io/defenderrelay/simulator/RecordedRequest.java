package io.defenderrelay.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request the simulator answered. Header names are lower case. The token endpoint's form body is not kept
 * (it holds secrets); {@code clientId} says which application asked, when known.
 */
public record RecordedRequest(Instant receivedAt, Kind kind, String method, String pathAndQuery,
                              Map<String, List<String>> headers, int status, String clientId) {

    public enum Kind { TOKEN, ALERTS, OTHER }

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
