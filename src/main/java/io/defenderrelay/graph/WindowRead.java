package io.defenderrelay.graph;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages of one window as they arrive: collects alerts, follows {@code @odata.nextLink} only on the Graph host and
 * never twice, and decides whether the window was read completely, partially (HTTP 206) or must be split. A read that
 * ends partial, or with fewer alerts than Graph counted, is read again from its first page a bounded number of times.
 * <p>
 * A read is filled on the reader's thread and handed to the poll's thread for delivery ({@link ReadAhead}); only a
 * split window's tally of delivered parts is shared by both while its later parts are read, hence synchronized.
 */
public final class WindowRead {

    /** Graph rejects a $skip above this, so offset paging reaches at most this far past the first page. */
    static final int MAX_SKIP = 500;
    static final int MAX_TOP = 1000;
    /** Extra reads of a window that ended partial or short, before its outcome is taken as it is. */
    static final int REREADS = 2;

    public enum Outcome { COMPLETE, PARTIAL, SPLIT }

    private final Window window;
    private final URI graphHost;
    private final String firstLink;
    private final WindowRead parent;
    private Map<String, PagedAlert> alerts = new LinkedHashMap<>();
    /** {@link #alerts()} as last computed; null once another page arrived. */
    private Map<String, PagedAlert> oldestFirst;
    private Set<String> ids = new HashSet<>();
    private final Set<String> followed = new HashSet<>();
    private String nextLink;
    private long reportedCount = -1;
    private int pages;
    private int firstPageSize;
    private int reads = 1;
    private boolean overflow;
    private String partialWarning;
    private long partsTotal;
    private long deliveredBefore = -1;
    /** This read, or a part of it, counts alerts as an earlier read recorded them, not as Graph holds them now. */
    private boolean recalled;
    private boolean enumerated;
    private Instant begun = Instant.now();

    public WindowRead(Window window, URI graphHost) {
        this(window, graphHost, null);
    }

    /** A read of {@code window}, a part of the window {@code parent} reads (null for a planned window). */
    public WindowRead(Window window, URI graphHost, WindowRead parent) {
        this.window = window;
        this.graphHost = graphHost;
        this.parent = parent;
        this.firstLink = graphHost + "/v1.0/security/alerts_v2?$filter=" + encode(window.filter())
                + "&$top=" + MAX_TOP + "&$count=true";
        this.nextLink = firstLink;
    }

    public Window window() {
        return window;
    }

    public WindowRead parent() {
        return parent;
    }

    /** The URL to request next, or null when the window has been read. */
    public String nextLink() {
        return nextLink;
    }

    /** Takes one response page; throws {@link GraphResponseException} when the body is not a usable Graph page. */
    public void accept(int status, String warning, InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readAllBytes();
        } catch (java.io.IOException e) {
            throw new GraphResponseException("alerts_v2 page for " + window + " could not be read: " + e.getMessage());
        }
        AlertsPage page = AlertsPage.parse(bytes, window);
        List<PagedAlert> value = page.alerts();
        followed.add(nextLink);
        pages++;
        if (pages == 1) {
            firstPageSize = value.size();
        }
        if (status == 206) {
            partialWarning = warning == null ? "no Warning header" : warning;
        }
        if (page.count() >= 0) {
            // the largest count seen: an alert leaving the window mid-paging lowers later counts but may skip another
            reportedCount = Math.max(reportedCount, page.count());
        }
        oldestFirst = null;
        for (PagedAlert alert : value) {
            ids.add(alert.id());
            alerts.put(alert.key(), alert);
        }
        // an empty first page shows nothing to cut at: it is paged, or read again, like any other
        if (pages == 1 && !value.isEmpty() && reportedCount > reachable(value.size())) {
            overflow = true;
            nextLink = null;
            return;
        }
        nextLink = page.nextLink() != null ? checkedNextLink(page.nextLink()) : null;
        if (nextLink == null && rereadable() && reads <= REREADS) {
            reads++;
            restart();
        }
    }

    /** No immediate re-reads: for a window read at every poll anyway (one Graph answered partially before). */
    public void readOnce() {
        reads = REREADS + 1;
    }

    /** Partial, or short of Graph's count on a single page (a duplicated row, a stale count): worth reading again. */
    private boolean rereadable() {
        return partialWarning != null || (pages == 1 && reportedCount > ids.size());
    }

    private void restart() {
        alerts = new LinkedHashMap<>();
        ids = new HashSet<>();
        followed.clear();
        oldestFirst = null;
        pages = 0;
        reportedCount = -1;
        partialWarning = null;
        nextLink = firstLink;
    }

    /** How many alerts offset paging can reach when Graph serves {@code pageSize} per page. */
    static long reachable(int pageSize) {
        return pageSize == 0 ? 0 : (long) pageSize * (MAX_SKIP / pageSize + 1);
    }

    private String checkedNextLink(String link) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new UnsafeNextLinkException("alerts_v2 sent an unparsable @odata.nextLink; refusing to follow it");
        }
        boolean sameOrigin = graphHost.getScheme().equalsIgnoreCase(uri.getScheme())
                && graphHost.getHost().equalsIgnoreCase(uri.getHost()) && port(graphHost) == port(uri);
        if (!sameOrigin) {
            throw new UnsafeNextLinkException("alerts_v2 sent an @odata.nextLink to " + uri.getScheme() + ":"
                    + (uri.getHost() == null ? "" : "//" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                    + ", which is not the configured Graph host " + graphHost + "; refusing to send the bearer token"
                    + " there. Check relay.graph-host / the tenant's cloud.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawPath() == null || !uri.getRawPath().endsWith("/security/alerts_v2")) {
            throw new UnsafeNextLinkException("alerts_v2 sent an @odata.nextLink on the Graph host " + graphHost + " but "
                    + (uri.getRawUserInfo() != null ? "with user-info" : "to another resource") + "; refusing to follow it"
                    + " with the bearer token. Check relay.graph-host / the tenant's cloud.");
        }
        if (followed.contains(link)) {
            throw new GraphResponseException("alerts_v2 sent an @odata.nextLink it had already sent for " + window
                    + " (page " + pages + "): Graph is paging in a loop; the window is tried again at the next poll");
        }
        if (pages >= maxPages()) {
            throw new GraphResponseException("alerts_v2 offered page " + (pages + 1) + " of " + window + ", more than "
                    + reportedCount + " alerts in pages of " + firstPageSize + " can take; the window is tried again at "
                    + "the next poll");
        }
        return link;
    }

    /** Offset paging never reaches past MAX_SKIP, and a count says how many pages there can be. */
    private long maxPages() {
        int size = Math.max(1, firstPageSize);
        long bySkip = MAX_SKIP / size + 1;
        return reportedCount < 0 ? bySkip : Math.min(bySkip, (reportedCount + size - 1) / size + 1);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    public Outcome outcome() {
        if (overflow || (reportedCount > ids.size() && pages > 1 && partialWarning == null)) {
            // more than Graph can page, or offset paging skipped alerts that moved while we read: read smaller windows
            return Outcome.SPLIT;
        }
        return partialWarning != null ? Outcome.PARTIAL : Outcome.COMPLETE;
    }

    public long reportedCount() {
        return reportedCount;
    }

    /** Distinct alerts read (for a split window: what its parts read). */
    public synchronized long total() {
        if (deliveredBefore >= 0) {
            return deliveredBefore;
        }
        return outcome() == Outcome.SPLIT ? partsTotal : ids.size();
    }

    /**
     * A part known without asking Graph: empty because its siblings already hold every alert of the window. Only
     * when none of them was {@link #recalled}: see {@link #countsRecalled()}.
     */
    public void empty() {
        know(0);
    }

    /**
     * A part delivered by an earlier, interrupted read of its window, counted as that read recorded it: alerts updated
     * since have left it (they are read again at their new time), so the count may be more than it holds now.
     */
    public void recalled(long alerts) {
        know(alerts);
        recalled = true;
    }

    private void know(long alerts) {
        deliveredBefore = alerts;
        reportedCount = alerts;
        nextLink = null;
    }

    /**
     * True when a part's count was recalled from an earlier read: the parts' sum may then exceed what the window
     * holds now, and reaching its count no longer means that the parts not read yet are empty.
     */
    public synchronized boolean countsRecalled() {
        return recalled;
    }

    /** Marks the parts this window is split into as an enumeration (one value each), which may miss a value. */
    public void enumerated() {
        enumerated = true;
    }

    public boolean splitByEnumeration() {
        return enumerated;
    }

    /** Counts a finished part's alerts towards this window's. */
    public synchronized void addPart(WindowRead part) {
        partsTotal += part.total();
        recalled |= part.recalled;
    }

    /**
     * True when the parts delivered so far hold every alert Graph counted in this enumerated instant and none of their
     * counts was recalled: the parts not read yet are empty. Parts read but not yet delivered do not count, so a part
     * read ahead of its siblings' delivery is asked of Graph rather than assumed empty.
     */
    public synchronized boolean partsHoldAll() {
        return enumerated && shortfall() == 0 && !recalled;
    }

    /** How many alerts Graph counted that no read found: a stale count, a duplicated row, or an uncovered value. */
    public synchronized long shortfall() {
        return Math.max(0, reportedCount - total());
    }

    /** When the read began (its first request), as {@link #begun(Instant)} set it. */
    public Instant begun() {
        return begun;
    }

    public void begun(Instant at) {
        begun = at;
    }

    public int pages() {
        return pages;
    }

    /** Reads of the window so far, the first included. */
    public int reads() {
        return reads;
    }

    public String partialWarning() {
        return partialWarning;
    }

    /** Drops the alerts once the window is split, so a deep split does not keep every ancestor's first page. */
    public void release() {
        alerts = Map.of();
        oldestFirst = null;
    }

    /** Alerts of the window, oldest page first, keyed by (id, lastUpdateDateTime); read-only. */
    public Map<String, PagedAlert> alerts() {
        if (oldestFirst == null) {
            List<Map.Entry<String, PagedAlert>> entries = new ArrayList<>(alerts.entrySet());
            Collections.reverse(entries);
            Map<String, PagedAlert> reversed = new LinkedHashMap<>();
            entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
            oldestFirst = Collections.unmodifiableMap(reversed);
        }
        return oldestFirst;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
