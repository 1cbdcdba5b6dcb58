package io.defenderrelay.graph;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs before the error handler retries a request Graph answered with 401: the retry fetches a new token. */
public final class RefreshTokenOnRetry implements Processor {
    private final Tenants tenants;

    public RefreshTokenOnRetry(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public void process(Exchange exchange) {
        tenants.get(exchange.getIn().getHeader("tenant", String.class)).tokens().invalidate();
    }
}
