package io.defenderrelay.deliver.siem;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * One request body and the events it carries, in body order, so that an error naming the n-th event of the body
 * maps back to {@code events.get(n)}.
 */
public record Batch(List<JsonNode> events, byte[] body, boolean gzipped) {
    public Batch {
        events = List.copyOf(events);
    }

    /** The {@code Content-Encoding} header to send with {@link #body()}, if any. */
    public Optional<String> contentEncoding() {
        return gzipped ? Optional.of("gzip") : Optional.empty();
    }

    public int size() {
        return events.size();
    }
}
