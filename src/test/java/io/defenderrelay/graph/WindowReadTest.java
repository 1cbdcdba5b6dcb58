package io.defenderrelay.graph;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowReadTest {

    private static final URI GRAPH = URI.create("https://graph.example:8443");
    private static final String AT = "2026-11-01T00:30:00Z";
    private final Window window = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T01:00:00Z"));

    private static byte[] page(long count, String nextLink, String... ids) {
        StringBuilder value = new StringBuilder();
        for (String id : ids) {
            value.append(value.length() == 0 ? "" : ",")
                    .append("{\"id\":\"").append(id).append("\",\"lastUpdateDateTime\":\"").append(AT).append("\"}");
        }
        return ("{\"@odata.count\":" + count + (nextLink == null ? "" : ",\"@odata.nextLink\":\"" + nextLink + "\"")
                + ",\"value\":[" + value + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstRequestAsksForAFullPageWithCount() {
        String url = new WindowRead(window, GRAPH).nextLink();
        assertTrue(url.startsWith("https://graph.example:8443/v1.0/security/alerts_v2?$filter=lastUpdateDateTime%20ge%20"));
        assertTrue(url.endsWith("&$top=1000&$count=true"));
    }

    @Test
    void followsNextLinkOnTheGraphHostAndCompletes() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(200, null, page(3, GRAPH + "/v1.0/security/alerts_v2?$skip=2", "a", "b"));
        assertEquals(GRAPH + "/v1.0/security/alerts_v2?$skip=2", read.nextLink());
        read.accept(200, null, page(3, null, "c"));
        assertNull(read.nextLink());
        assertEquals(WindowRead.Outcome.COMPLETE, read.outcome());
        assertEquals(3, read.alerts().size());
    }

    @Test
    void listsAlertsOldestPageFirstAndBuildsTheListOncePerPage() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(200, null, page(3, GRAPH + "/v1.0/security/alerts_v2?$skip=2", "a", "b"));
        Map<String, JsonNode> firstPage = read.alerts();
        assertSame(firstPage, read.alerts());
        read.accept(200, null, page(3, null, "c"));
        assertEquals(List.of("c@" + AT, "b@" + AT, "a@" + AT), List.copyOf(read.alerts().keySet()));
        assertSame(read.alerts(), read.alerts());
        assertEquals(2, firstPage.size(), "a list already handed out stays as it was");
        assertThrows(UnsupportedOperationException.class, () -> read.alerts().clear());
    }

    @Test
    void refusesANextLinkToAnotherHost() {
        WindowRead read = new WindowRead(window, GRAPH);
        UnsafeNextLinkException refused = assertThrows(UnsafeNextLinkException.class,
                () -> read.accept(200, null, page(3, "https://evil.example/v1.0/security/alerts_v2?$skip=2", "a")));
        assertTrue(refused.getMessage().contains("evil.example"));
        assertThrows(UnsafeNextLinkException.class, () -> new WindowRead(window, GRAPH)
                .accept(200, null, page(3, "http://graph.example:8443/v1.0/security/alerts_v2", "a")));
    }

    @Test
    void moreThanOffsetPagingCanReachMeansSplit() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(200, null, page(50_000, GRAPH + "/v1.0/security/alerts_v2?$skip=1", "a"));
        assertNull(read.nextLink(), "no point paging a window that cannot be read whole");
        assertEquals(WindowRead.Outcome.SPLIT, read.outcome());
        assertEquals(1000, WindowRead.reachable(1000));
        assertEquals(600, WindowRead.reachable(100));
    }

    @Test
    void fewerAlertsThanCountedMeansSomethingWasSkipped() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(200, null, page(3, GRAPH + "/v1.0/security/alerts_v2?$skip=2", "a", "b"));
        read.accept(200, null, page(2, null));
        assertEquals(WindowRead.Outcome.SPLIT, read.outcome());
    }

    @Test
    void partialContentIsRemembered() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(206, "199 - \"Microsoft/MDO/Failed/1200\"", page(1, null, "a"));
        assertEquals(WindowRead.Outcome.PARTIAL, read.outcome());
    }

    @Test
    void malformedPagesAreRetryableErrors() {
        WindowRead read = new WindowRead(window, GRAPH);
        assertThrows(GraphResponseException.class, () -> read.accept(200, null, "{\"value\":[{\"id\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(GraphResponseException.class, () -> read.accept(200, null, "{\"nothing\":1}".getBytes(StandardCharsets.UTF_8)));
    }
}
