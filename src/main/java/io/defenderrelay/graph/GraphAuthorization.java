package io.defenderrelay.graph;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Prepares the next alerts_v2 request: a GET of the window's next URL with the tenant's bearer token. The URL was
 * built from, or checked against, the configured Graph host, so the token goes nowhere else.
 */
public final class GraphAuthorization {

    private final Tenants tenants;

    public GraphAuthorization(Tenants tenants) {
        this.tenants = tenants;
    }

    /** Gets the tenant's token (usually from the cache), so a poll fails on a wrong credential before anything else. */
    public void signIn(String tenant) {
        tenants.get(tenant).tokens().accessToken();
    }

    public void authorize(Exchange exchange) {
        Message in = exchange.getIn();
        String token = tenants.get(in.getHeader("tenant", String.class)).tokens().accessToken();
        WindowRead read = exchange.getProperty("read", WindowRead.class);
        in.setBody(null);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_URI, read.nextLink());
        in.setHeader("Authorization", "Bearer " + token);
        in.setHeader("Accept", "application/json");
        // without it Graph hides newer enum members (e.g. serviceSource microsoftDefenderForCloud) as unknownFutureValue
        in.setHeader("Prefer", "include-unknown-enum-members");
    }
}
