package io.defenderrelay.deliver.siem;

import io.defenderrelay.support.JsonBytes;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Generic JSON webhook bodies (docs/sinks.md, generic JSON webhook): one JSON array of events, or NDJSON with one event per line. */
public final class WebhookFormat implements BodyFormat {
    public enum Layout {
        ARRAY, NDJSON;

        /** From configuration text ({@code array} | {@code ndjson}), with a message naming the valid values. */
        public static Layout of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown webhook body layout '" + name + "': use array or ndjson", e);
            }
        }
    }

    private final Layout layout;

    public WebhookFormat(Layout layout) {
        this.layout = layout;
    }

    public byte[] body(List<? extends JsonNode> events) {
        return BatchSplitter.body(events, this);
    }

    @Override
    public byte[] encode(JsonNode event, byte[] json) {
        return layout == Layout.ARRAY ? json : JsonBytes.line(json);
    }

    @Override
    public byte[] prefix() {
        return ascii(layout == Layout.ARRAY ? "[" : "");
    }

    @Override
    public byte[] separator() {
        return ascii(layout == Layout.ARRAY ? "," : "");
    }

    @Override
    public byte[] suffix() {
        return ascii(layout == Layout.ARRAY ? "]" : "");
    }

    @Override
    public String contentType() {
        return layout == Layout.ARRAY ? "application/json" : "application/x-ndjson";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
