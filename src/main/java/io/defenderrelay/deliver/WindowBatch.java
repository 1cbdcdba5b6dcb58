package io.defenderrelay.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The events of one window, grouped by the sink the router chose for each. Sinks receive their whole group at once,
 * so a window costs one fsync, one Kafka flush, a few HTTP batches; the checkpoint waits for all of them.
 * Lives in the exchange property {@value #PROPERTY}, which the window's split shares with every event.
 */
public final class WindowBatch {

    public static final String PROPERTY = "batch";

    private final SinkAcknowledgements acknowledgements;
    private final Map<String, List<RoutedEvent>> bySink = new LinkedHashMap<>();

    public WindowBatch(SinkAcknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    /** Routes call this per event: {@code add(${exchange}, 'file')}; the message headers travel with the event. */
    public static void add(Exchange exchange, String sink) {
        Message message = exchange.getMessage();
        of(exchange).add(sink, new RoutedEvent(message.getBody(JsonNode.class), new HashMap<>(message.getHeaders())));
    }

    /** Marks everything routed to {@code sink} in this window as delivered there. */
    public static void acknowledge(Exchange exchange, String sink) {
        of(exchange).acknowledge(sink);
    }

    /*
     * Routes reach the batch through these static calls, never ${exchangeProperty.batch.method(...)}: Camel caches
     * bean info per instance for such calls, which would keep every finished window's events reachable.
     */

    /** {@link #flushEndpoints()} of the exchange's window. */
    public static String sinksToFlush(Exchange exchange) {
        return of(exchange).flushEndpoints();
    }

    /** {@link #unacknowledgedEvents(String)} of the exchange's window. */
    public static List<JsonNode> pendingEvents(Exchange exchange, String sink) {
        return of(exchange).unacknowledgedEvents(sink);
    }

    public static WindowBatch of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, WindowBatch.class);
    }

    public synchronized void add(String sink, RoutedEvent event) {
        bySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(event);
    }

    /** The events routed to {@code sink} that it has not acknowledged in an earlier attempt at this window. */
    public synchronized List<RoutedEvent> unacknowledged(String sink) {
        return bySink.getOrDefault(sink, List.of()).stream()
                .filter(routed -> owed(sink, routed)).toList();
    }

    private boolean owed(String sink, RoutedEvent routed) {
        return !acknowledgements.acknowledged(sink, routed.uid());
    }

    /** {@link #unacknowledged} without the headers: what the file and SIEM sinks write. */
    public List<JsonNode> unacknowledgedEvents(String sink) {
        return unacknowledged(sink).stream().map(RoutedEvent::event).toList();
    }

    public synchronized void acknowledge(String sink) {
        acknowledgements.acknowledge(sink, bySink.getOrDefault(sink, List.of()).stream().map(RoutedEvent::uid).toList());
    }

    public void acknowledge(String sink, List<? extends JsonNode> events) {
        acknowledgements.acknowledge(sink, events.stream().map(RoutedEvent::uid).toList());
    }

    /** {@code direct:flush-<sink>} of each sink that still owes an acknowledgement, comma-separated. */
    public synchronized String flushEndpoints() {
        return bySink.keySet().stream().filter(sink -> bySink.get(sink).stream().anyMatch(routed -> owed(sink, routed)))
                .map(sink -> "direct:flush-" + sink).collect(Collectors.joining(","));
    }

    /** The uid of every event routed anywhere in this window. */
    public synchronized List<String> uids() {
        return bySink.values().stream().flatMap(List::stream).map(RoutedEvent::uid).distinct().toList();
    }
}
