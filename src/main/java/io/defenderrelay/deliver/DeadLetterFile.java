package io.defenderrelay.deliver;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events a sink refused for good, one NDJSON line each in {@code dir/dead-letter-YYYY-MM-DD.ndjson}:
 * {@code {"time","sink","reason","event"}}, fsynced before {@link #record} returns, so the window can move on
 * without losing them.
 */
public final class DeadLetterFile implements Closeable {
    private final NdjsonFileSink file;
    private final Clock clock;
    private final AtomicLong count = new AtomicLong();

    public DeadLetterFile(Path dir, Clock clock) throws IOException {
        this.file = new NdjsonFileSink(dir, "dead-letter", false, Long.MAX_VALUE, clock);
        this.clock = clock;
    }

    /** @param payload the refused event; kept as JSON when it parses, else as a string */
    public void record(String sink, String reason, String payload) throws IOException {
        record(sink, reason, parsedOrText(payload));
    }

    public void record(String sink, String reason, JsonNode event) throws IOException {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("sink", sink);
        line.put("reason", reason);
        line.set("event", event);
        file.write("", List.of(line));
        count.incrementAndGet();
    }

    /** Events recorded since this process started. */
    public long count() {
        return count.get();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static JsonNode parsedOrText(String payload) {
        if (payload == null) {
            return Json.mapper().nullNode();
        }
        try {
            JsonNode parsed = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(payload);
            return parsed.isMissingNode() ? Json.mapper().getNodeFactory().textNode(payload) : parsed;
        } catch (JsonProcessingException e) {
            return Json.mapper().getNodeFactory().textNode(payload);
        }
    }
}
