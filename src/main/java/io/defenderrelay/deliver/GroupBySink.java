package io.defenderrelay.deliver;

import io.defenderrelay.observe.RelayMetrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;

/**
 * The aggregation of routes/normalize.camel.yaml's window split: each normalized event joins the share of every sink
 * the router chose for it (header {@value #SINKS}), unless that sink acknowledged it in an earlier attempt at the
 * same window. The window's message keeps its own headers and gets the {@link WindowShares} as body and the sinks
 * that owe something in {@value #SINKS}. An alert that went to the dead-letter route has no sinks and is skipped;
 * an alert that failed fails the window.
 */
public final class GroupBySink implements AggregationStrategy {
    /** Header naming sinks: on an event, those the router chose; on the window, those that owe events. */
    public static final String SINKS = "relaySinks";

    private final SinkAcknowledgements acknowledgements;
    private final List<String> sinks;
    private final RelayMetrics metrics;

    public GroupBySink(SinkAcknowledgements acknowledgements, SinkRouter router, RelayMetrics metrics) {
        this.acknowledgements = acknowledgements;
        this.sinks = router.sinks();
        this.metrics = metrics;
    }

    /**
     * The last step of an alert's normalization: an event some sink takes becomes a {@link RoutedEvent}, serialized
     * once for every sink, with its tree only if the SIEM sink is among them. It runs on the split's own threads, so
     * the window's thread only groups the events.
     */
    public void prepare(Exchange event) {
        Message message = event.getMessage();
        List<?> chosen = message.getHeader(SINKS, List.class);
        if (chosen != null && !chosen.isEmpty() && !(message.getBody() instanceof RoutedEvent)) {
            RoutedEvent routed = new RoutedEvent(message.getBody(JsonNode.class), message.getHeaders());
            message.setBody(chosen.contains(RoutedEvent.TREE_SINK) ? routed : routed.withoutTree());
        }
    }

    /** Camel's splitter calls the three-argument form; this one serves callers without the window's exchange. */
    @Override
    public Exchange aggregate(Exchange window, Exchange event) {
        return aggregate(window, event, event);
    }

    @Override
    public Exchange aggregate(Exchange window, Exchange event, Exchange original) {
        Exchange result = window;
        if (result == null) {
            result = (original != null ? original : event).copy();
            result.getMessage().setBody(new WindowShares(sinks));
        }
        if (event.getException() != null) {
            if (result.getException() == null) {
                result.setException(event.getException());
            }
            return result;
        }
        Message message = event.getMessage();
        List<?> chosen = message.getHeader(SINKS, List.class);
        String tenant = message.getHeader("tenant", String.class);
        if (chosen == null) {
            metrics.deadLettered(tenant, "normalize");
        } else if (chosen.isEmpty()) {
            metrics.unrouted(tenant);
        } else {
            // an edited route without the prepare step still works, serializing here
            prepare(event);
            RoutedEvent routed = message.getBody(RoutedEvent.class);
            WindowShares shares = result.getMessage().getBody(WindowShares.class);
            for (Object sink : chosen) {
                shares.add((String) sink, routed, !acknowledgements.acknowledged((String) sink, routed.uid()));
            }
        }
        return result;
    }

    @Override
    public void onCompletion(Exchange window, Exchange original) {
        // a window without alerts aggregates nothing: its original message gets the empty shares
        Message message = window != null ? window.getMessage() : original.getMessage();
        if (!(message.getBody() instanceof WindowShares)) {
            message.setBody(new WindowShares(sinks));
        }
        message.setHeader(SINKS, message.getBody(WindowShares.class).owingSinks());
    }
}
