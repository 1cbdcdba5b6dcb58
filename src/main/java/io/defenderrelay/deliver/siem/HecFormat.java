package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * Splunk HEC envelopes (docs/sinks.md, Splunk HEC): {@code {"time","host","source","sourcetype","index","event"}}, concatenated
 * one after another in a body, never wrapped in an array. A blank host/source/sourcetype/index is left out so
 * the token's defaults apply.
 */
public final class HecFormat implements BodyFormat {
    private final String sourcetype;
    private final String source;
    private final String index;
    private final String host;

    public HecFormat(String sourcetype, String source, String index, String host) {
        this.sourcetype = sourcetype;
        this.source = source;
        this.index = index;
        this.host = host;
    }

    public ObjectNode envelope(JsonNode event) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        JsonNode time = event.get("time");
        if (time != null && time.canConvertToLong()) {
            // epoch ms → seconds with exact millisecond decimals (a double could print as 1.7E9)
            envelope.put("time", BigDecimal.valueOf(time.asLong(), 3));
        }
        putIfPresent(envelope, "host", host);
        putIfPresent(envelope, "source", source);
        putIfPresent(envelope, "sourcetype", sourcetype);
        putIfPresent(envelope, "index", index);
        envelope.set("event", event);
        return envelope;
    }

    /** One body holding every event, for callers that batch elsewhere. */
    public byte[] body(List<? extends JsonNode> events) {
        return BatchSplitter.body(events, this);
    }

    @Override
    public byte[] encode(JsonNode event) {
        return JsonBytes.of(envelope(event));
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    private static void putIfPresent(ObjectNode envelope, String field, String value) {
        if (value != null && !value.isBlank()) {
            envelope.put(field, value);
        }
    }
}
