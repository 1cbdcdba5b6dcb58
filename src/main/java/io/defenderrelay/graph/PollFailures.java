package io.defenderrelay.graph;

import io.defenderrelay.config.Tenants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/** The end of a failed poll: says what happened and what to do; stops a tenant whose checkpoint cannot be trusted. */
public final class PollFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);

    private final Tenants tenants;

    public PollFailures(Tenants tenants) {
        this.tenants = tenants;
    }

    public void report(Exchange exchange) {
        String tenant = exchange.getIn().getHeader("tenant", String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof PartialResultsException) {
            LOG.warn(failure.getMessage());
            return;
        }
        String clientId = tenants.get(tenant).settings().clientId();
        LOG.error("tenant {}: poll stopped, checkpoint kept: {}", tenant, GraphErrors.diagnose(failure, tenant, clientId));
        if (failure instanceof CheckpointCorruptException) {
            String routeId = exchange.getFromRouteId();
            // stopping a route waits for its in-flight exchange, which is this one: do it off this thread
            CompletableFuture.runAsync(() -> {
                try {
                    exchange.getContext().getRouteController().stopRoute(routeId);
                    LOG.error("tenant {}: stopped until its checkpoint is repaired and the relay restarted", tenant);
                } catch (Exception e) {
                    LOG.error("tenant {}: could not stop route {}: {}", tenant, routeId, e.toString());
                }
            });
        }
    }
}
