package io.defenderrelay.deliver.siem;

import io.defenderrelay.deliver.RoutedEvent;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * Everything relay.sink.siem.* says about the receiver except its URL (which the route names): the wire format,
 * batch limits and the credential header. The credential is only ever put on the request and never in a message.
 */
public record SiemTarget(SiemFormat format, BodyFormat body, BatchLimits limits, String authHeader,
                         Optional<String> authValue) {

    /** A window's share in batches, each event's JSON as normalization made it. */
    public List<Batch> batches(List<RoutedEvent> share) {
        return new BatchSplitter(limits).splitShare(share, body);
    }

    public List<Batch> rebatch(List<? extends JsonNode> events) {
        return new BatchSplitter(limits).split(events, body);
    }

    /** The same events in batches of at most {@code maxCount}: how a refused batch is narrowed down. */
    public List<Batch> batches(List<? extends JsonNode> events, int maxCount) {
        return new BatchSplitter(new BatchLimits(maxCount, limits.maxBytes(), limits.gzip())).split(events, body);
    }

    @Override
    public String toString() {
        // a record's default toString would print the credential
        return "SiemTarget[" + format + ", " + limits + ", auth header " + authHeader
                + (authValue.isPresent() ? " set" : " not set") + "]";
    }
}
