package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages of one window as they arrive: collects alerts, follows {@code @odata.nextLink} only on the Graph host,
 * and decides whether the window was read completely, partially (HTTP 206) or must be split.
 */
public final class WindowRead {

    /** Graph rejects a $skip above this, so offset paging reaches at most this far past the first page. */
    static final int MAX_SKIP = 500;
    static final int MAX_TOP = 1000;

    public enum Outcome { COMPLETE, PARTIAL, SPLIT }

    private final Window window;
    private final URI graphHost;
    private final Map<String, JsonNode> alerts = new LinkedHashMap<>();
    /** {@link #alerts()} as last computed; null once another page arrived. */
    private Map<String, JsonNode> oldestFirst;
    private final java.util.Set<String> ids = new java.util.HashSet<>();
    private String nextLink;
    private long reportedCount = -1;
    private int pages;
    private boolean overflow;
    private String partialWarning;

    public WindowRead(Window window, URI graphHost) {
        this.window = window;
        this.graphHost = graphHost;
        this.nextLink = graphHost + "/v1.0/security/alerts_v2?$filter=" + encode(window.filter())
                + "&$top=" + MAX_TOP + "&$count=true";
    }

    public Window window() {
        return window;
    }

    /** The URL to request next, or null when the window has been read. */
    public String nextLink() {
        return nextLink;
    }

    /** Takes one response page; throws {@link GraphResponseException} when the body is not a Graph page. */
    public void accept(int status, String warning, byte[] body) {
        JsonNode page;
        try {
            page = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new GraphResponseException("alerts_v2 sent a malformed page for " + window + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new GraphResponseException("alerts_v2 page for " + window + " could not be read: " + e.getMessage());
        }
        JsonNode value = page == null ? null : page.get("value");
        if (value == null || !value.isArray()) {
            throw new GraphResponseException("alerts_v2 answered without a value[] array for " + window);
        }
        pages++;
        if (status == 206) {
            partialWarning = warning == null ? "no Warning header" : warning;
        }
        if (page.hasNonNull("@odata.count")) {
            // the largest count seen: an alert leaving the window mid-paging lowers later counts but may skip another
            reportedCount = Math.max(reportedCount, page.get("@odata.count").asLong());
        }
        oldestFirst = null;
        for (JsonNode alert : value) {
            String id = alert.path("id").asText();
            ids.add(id);
            alerts.put(id + "@" + alert.path("lastUpdateDateTime").asText(), alert);
        }
        if (pages == 1 && reportedCount > reachable(value.size())) {
            overflow = true;
            nextLink = null;
            return;
        }
        nextLink = page.hasNonNull("@odata.nextLink") ? checkedNextLink(page.get("@odata.nextLink").asText()) : null;
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
                && graphHost.getHost().equalsIgnoreCase(uri.getHost())
                && port(graphHost) == port(uri)
                && uri.getRawPath() != null && uri.getRawPath().endsWith("/security/alerts_v2");
        if (!sameOrigin) {
            throw new UnsafeNextLinkException("alerts_v2 sent an @odata.nextLink to " + uri.getScheme() + "://"
                    + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ", which is not the configured Graph host "
                    + graphHost + "; refusing to send the bearer token there. Check relay.graph-host / the tenant's cloud.");
        }
        return link;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    public Outcome outcome() {
        if (overflow || (reportedCount >= 0 && ids.size() < reportedCount && partialWarning == null)) {
            // more than Graph can page, or offset paging skipped alerts that moved while we read: read smaller windows
            return Outcome.SPLIT;
        }
        return partialWarning != null ? Outcome.PARTIAL : Outcome.COMPLETE;
    }

    public long reportedCount() {
        return reportedCount;
    }

    public int pages() {
        return pages;
    }

    public String partialWarning() {
        return partialWarning;
    }

    /** Alerts of the window, oldest page first, keyed by (id, lastUpdateDateTime); read-only. */
    public Map<String, JsonNode> alerts() {
        if (oldestFirst == null) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(alerts.entrySet());
            Collections.reverse(entries);
            Map<String, JsonNode> reversed = new LinkedHashMap<>();
            entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
            oldestFirst = Collections.unmodifiableMap(reversed);
        }
        return oldestFirst;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
