package io.defenderrelay.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of one window, grouped by the sink the router chose for each. Sinks receive their whole group at once,
 * so a window costs one fsync, one Kafka flush, a few HTTP batches; the checkpoint waits for all of them.
 * Lives in the exchange property {@value #PROPERTY}, which the window's split shares with every event.
 */
public final class WindowBatch {

    public static final String PROPERTY = "batch";

    private final Map<String, List<JsonNode>> bySink = new LinkedHashMap<>();

    public static WindowBatch open() {
        return new WindowBatch();
    }

    /** Routes call this per event: {@code add(${exchange}, 'file')}. */
    public static void add(Exchange exchange, String sink) {
        exchange.getProperty(PROPERTY, WindowBatch.class).add(sink, exchange.getIn().getBody(JsonNode.class));
    }

    /**
     * Routes call this when the window is complete: {@code eventsFor(${exchange}, 'file')}. A static call on purpose:
     * Camel caches bean info per instance for {@code ${exchangeProperty.batch.events('file')}}, which would keep every
     * window's batch (all its events) reachable until that cache fills up.
     */
    public static List<JsonNode> eventsFor(Exchange exchange, String sink) {
        return exchange.getProperty(PROPERTY, WindowBatch.class).events(sink);
    }

    public synchronized void add(String sink, JsonNode event) {
        bySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(event);
    }

    public synchronized List<JsonNode> events(String sink) {
        return List.copyOf(bySink.getOrDefault(sink, List.of()));
    }
}
