package io.defenderrelay.graph;

import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every request to Graph's alerts_v2 endpoint by its answer (relay_graph_requests_total): the HTTP status, or
 * the exception's name when there was none (a timeout, a refused connection). Retried attempts count one each.
 * Added before the routes are built: they announce exchanges only to notifiers present then.
 */
public final class GraphRequestCounter extends EventNotifierSupport {

    private String graphEndpointUri;
    private RelayMetrics metrics;

    public GraphRequestCounter() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // graph-request's endpoint, as Camel normalised it
        graphEndpointUri = getCamelContext().getEndpoint(
                getCamelContext().resolvePropertyPlaceholders("{{relay.graph.endpoint}}")).getEndpointUri();
        metrics = getCamelContext().getRegistry().lookupByNameAndType("relayMetrics", RelayMetrics.class);
    }

    /** The sending event too: Camel announces a sent exchange only when a notifier took its sending event. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return (event instanceof ExchangeSendingEvent sending && toGraph(sending.getEndpoint()))
                || (event instanceof ExchangeSentEvent sent && toGraph(sent.getEndpoint()));
    }

    private boolean toGraph(Endpoint endpoint) {
        return graphEndpointUri.equals(endpoint.getEndpointUri());
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        Exception failure = exchange.getException();
        String status;
        if (failure instanceof HttpOperationFailedException http) {
            status = String.valueOf(http.getStatusCode());
        } else if (failure != null) {
            status = failure.getClass().getSimpleName();
        } else {
            status = String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class));
        }
        metrics.graphRequest(exchange.getMessage().getHeader("tenant", "?", String.class), status);
    }
}
