package io.defenderrelay.graph;

import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.support.CrashPoint;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Camel's side of {@link WindowRead}: starts a window, feeds it pages, splits it, and says how it ended. */
public final class GraphPages {

    private static final Logger LOG = LoggerFactory.getLogger(GraphPages.class);
    /** Parts within parts: far more than any partition needs (each level reads at least one full page more). */
    static final int MAX_DEPTH = 40;

    private final Tenants tenants;
    private final WindowSplitter splitter;
    private final ReadProgress progress;
    private final GraphClock clock;
    private final RelayMetrics metrics;
    private final long maxPageBytes;

    public GraphPages(Tenants tenants, WindowSplitter splitter, ReadProgress progress, GraphClock clock,
                      RelayMetrics metrics, long maxPageBytes) {
        this.tenants = tenants;
        this.splitter = splitter;
        this.progress = progress;
        this.clock = clock;
        this.metrics = metrics;
        this.maxPageBytes = maxPageBytes;
    }

    /** A read of {@code window}; {@code parent} is the read of the window it is a part of (null for a planned one). */
    public WindowRead begin(String tenant, Window window, WindowRead parent) {
        WindowRead read = new WindowRead(window, tenants.get(tenant).graphHost(), parent);
        read.begun(metrics.windowBegun());
        if (parent != null && parent.partsHoldAll()) {
            // the values delivered so far hold every alert Graph counted in the instant: this one holds none
            read.empty();
        } else if (parent != null) {
            progress.donePart(tenant, window).ifPresent(read::recalled);
        }
        if (progress.isIncomplete(tenant, window)) {
            read.readOnce();
        }
        return read;
    }

    /**
     * Reads the page from the connection (no copy in Camel's stream cache first) and hands it to the read, which cuts
     * it into alerts without building trees: the normalize threads parse each alert.
     */
    public void accept(Exchange exchange) throws IOException {
        CrashPoint.reach("page");
        Message in = exchange.getIn();
        clock.observe(in.getHeader("tenant", String.class), in.getHeader("Date", String.class));
        WindowRead read = exchange.getProperty("read", WindowRead.class);
        // the announced length first: a page refused by it is never read
        long announced = in.getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class);
        if (announced > maxPageBytes) {
            throw tooLarge(read, String.valueOf(announced));
        }
        InputStream body = in.getBody(InputStream.class);
        try (InputStream page = body == null ? InputStream.nullInputStream() : new LimitedPage(body, read)) {
            read.accept(in.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                    in.getHeader("Warning", String.class), page);
        }
        in.setBody(null); // the page lives on as the read's alerts; no later step may try to read the spent stream
    }

    private PageTooLargeException tooLarge(WindowRead read, String bytes) {
        return new PageTooLargeException("alerts_v2 sent a page of " + bytes + " bytes for " + read.window()
                + ", more than relay.graph.max-page-bytes (" + maxPageBytes + "); it was not parsed and the window is"
                + " read again at the next poll. If this tenant's alerts really are this large, raise"
                + " relay.graph.max-page-bytes and the heap (-Xmx) with it");
    }

    /** A page without a length (chunked) is refused as soon as it passes the limit. */
    private final class LimitedPage extends FilterInputStream {
        private final WindowRead read;
        private long bytes;

        LimitedPage(InputStream in, WindowRead read) {
            super(in);
            this.read = read;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            counted(Math.max(n, 0));
            return n;
        }

        private void counted(int n) {
            bytes += n;
            if (bytes > maxPageBytes) {
                throw tooLarge(read, "more than " + maxPageBytes);
            }
        }
    }

    /*
     * Routes ask about a read through these calls, never ${exchangeProperty.read.method}: Camel caches bean info per
     * instance for such calls, which would keep finished windows' alerts reachable.
     */

    public boolean needsSplit(WindowRead read) {
        return read.outcome() == WindowRead.Outcome.SPLIT;
    }

    /** A read with alerts of its own to deliver: not a split window, whose parts were delivered before it. */
    public boolean delivers(WindowRead read) {
        return !needsSplit(read);
    }

    /** Delivery takes the read: its tally (INFO line, relay_window_duration) counts from its first request. */
    public void delivering(String tenant, WindowRead read) {
        metrics.windowDelivering(tenant, read.begun());
    }

    /** The parts to read instead of the window; the window's own alerts are let go first. */
    public List<Window> split(String tenant, WindowRead read) {
        int depth = 0;
        for (WindowRead ancestor = read.parent(); ancestor != null; ancestor = ancestor.parent()) {
            depth++;
        }
        if (depth >= MAX_DEPTH) {
            throw new WindowOverflowException(read.window());
        }
        List<Window> parts = splitter.split(read.window(), read.reportedCount(), read.alerts().values(),
                progress.shortReads(tenant, read.window()));
        if (WindowSplitter.enumerates(read.window(), parts.get(0))) {
            read.enumerated();
        }
        read.release();
        LOG.debug("tenant {}: window {} holds {} alerts, more than Graph can page; reading it in {} parts", tenant,
                read.window(), read.reportedCount(), parts.size());
        return parts;
    }

    /** Ends a delivered window, saying what Graph left out. */
    public void finish(String tenant, WindowRead read) {
        if (read.outcome() == WindowRead.Outcome.PARTIAL) {
            metrics.partialWindow(tenant);
        }
        if (read.outcome() == WindowRead.Outcome.PARTIAL && progress.isIncomplete(tenant, read.window())) {
            LOG.info("tenant {}: {} still answered partially (Warning: {}); read again at the next poll", tenant,
                    read.window(), read.partialWarning());
        } else if (read.outcome() == WindowRead.Outcome.PARTIAL) {
            LOG.warn("tenant {}: Graph answered {} only partially after {} reads (HTTP 206, Warning: {}); delivered the {} "
                    + "alerts of the providers that answered and moved on; the window is read again at every poll until "
                    + "it is answered in full", tenant, read.window(), read.reads(), read.partialWarning(), read.total());
        } else if (read.shortfall() > 0) {
            LOG.warn("tenant {}: Graph counted {} alerts in {} but returned {} distinct ones after {} reads (a duplicated "
                    + "row or a stale count); delivered those {}", tenant, read.reportedCount(), read.window(),
                    read.total(), read.reads(), read.total());
        }
        metrics.windowDelivered(tenant, read.window(), read.pages());
    }
}
