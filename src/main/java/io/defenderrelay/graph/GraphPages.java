package io.defenderrelay.graph;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Camel's side of {@link WindowRead}: starts a window, feeds it pages, and says how it ended. */
public final class GraphPages {

    private static final Logger LOG = LoggerFactory.getLogger(GraphPages.class);

    private final Tenants tenants;
    private final WindowSplitter splitter;

    public GraphPages(Tenants tenants, WindowSplitter splitter) {
        this.tenants = tenants;
        this.splitter = splitter;
    }

    public WindowRead begin(String tenant, Window window) {
        return new WindowRead(window, tenants.get(tenant).graphHost());
    }

    public void accept(Exchange exchange) {
        Message in = exchange.getIn();
        exchange.getProperty("read", WindowRead.class).accept(
                in.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                in.getHeader("Warning", String.class),
                in.getBody(byte[].class));
    }

    /*
     * Routes ask about a read through these calls, never ${exchangeProperty.read.method}: Camel caches bean info per
     * instance for such calls, which would keep finished windows' alerts reachable.
     */

    public boolean hasNextPage(WindowRead read) {
        return read.nextLink() != null;
    }

    public boolean needsSplit(WindowRead read) {
        return read.outcome() == WindowRead.Outcome.SPLIT;
    }

    public List<Window> split(WindowRead read) {
        return splitter.split(read.window(), read.reportedCount());
    }

    /** Ends a delivered window: a partial (206) one stops this poll so the checkpoint stays before it. */
    public void finish(String tenant, WindowRead read) {
        if (read.outcome() == WindowRead.Outcome.PARTIAL) {
            throw new PartialResultsException(tenant, read);
        }
        LOG.info("tenant {}: window {} read, {} alert versions in {} page(s)", tenant, read.window(), read.alerts().size(), read.pages());
    }
}
