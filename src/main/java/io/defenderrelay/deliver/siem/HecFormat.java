package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    /** The envelope of {@code event} as a tree (the relay writes it with {@link #encode}). */
    public ObjectNode envelope(JsonNode event) {
        ObjectNode envelope = fields(event);
        envelope.set("event", event);
        return envelope;
    }

    private ObjectNode fields(JsonNode event) {
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
        return envelope;
    }

    /** One body holding every event, for callers that batch elsewhere. */
    public byte[] body(List<? extends JsonNode> events) {
        return BatchSplitter.body(events, this);
    }

    @Override
    public byte[] encode(JsonNode event, byte[] json) {
        // the envelope's fields, then "event" spliced in as the JSON already made: not serialised a second time
        byte[] fields = JsonBytes.of(fields(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream(fields.length + json.length + 16);
        out.write(fields, 0, fields.length - 1);
        out.writeBytes((fields.length > 2 ? ",\"event\":" : "\"event\":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(json);
        out.write('}');
        return out.toByteArray();
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
