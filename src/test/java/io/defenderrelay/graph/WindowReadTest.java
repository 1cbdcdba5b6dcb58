package io.defenderrelay.graph;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
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

    private static ByteArrayInputStream page(long count, String nextLink, String... ids) {
        StringBuilder value = new StringBuilder();
        for (String id : ids) {
            value.append(value.length() == 0 ? "" : ",")
                    .append("{\"id\":\"").append(id).append("\",\"lastUpdateDateTime\":\"").append(AT).append("\"}");
        }
        return new ByteArrayInputStream(("{\"@odata.count\":" + count + (nextLink == null ? "" : ",\"@odata.nextLink\":\""
                + nextLink + "\"") + ",\"value\":[" + value + "]}").getBytes(StandardCharsets.UTF_8));
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
        Map<String, PagedAlert> firstPage = read.alerts();
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
    void aPartialAnswerIsReadAgainABoundedNumberOfTimesThenKeptPartial() {
        WindowRead read = new WindowRead(window, GRAPH);
        String first = read.nextLink();
        for (int i = 0; i <= WindowRead.REREADS; i++) {
            assertEquals(first, read.nextLink(), "read " + (i + 1) + " starts at the first page again");
            read.accept(206, "199 - \"Microsoft/MDO/Failed/1200\"", page(1, null, "a"));
        }
        assertNull(read.nextLink());
        assertEquals(WindowRead.REREADS + 1, read.reads());
        assertEquals(WindowRead.Outcome.PARTIAL, read.outcome());
    }

    @Test
    void aRereadThatIsAnsweredInFullIsComplete() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(206, "199 - \"Microsoft/MDO/Failed/1200\"", page(1, null, "a"));
        read.accept(200, null, page(2, null, "a", "b"));
        assertEquals(WindowRead.Outcome.COMPLETE, read.outcome());
        assertEquals(2, read.total());
        assertEquals(2, read.reads());
    }

    @Test
    void aSinglePageShortOfItsCountIsReadAgainThenAcceptedWithItsShortfall() {
        WindowRead read = new WindowRead(window, GRAPH);
        for (int i = 0; i <= WindowRead.REREADS; i++) {
            read.accept(200, null, page(3, null, "a", "b", "b"));
        }
        assertNull(read.nextLink());
        assertEquals(WindowRead.Outcome.COMPLETE, read.outcome());
        assertEquals(1, read.shortfall(), "a duplicated row: 3 counted, 2 distinct");
    }

    @Test
    void aRepeatedNextLinkEndsTheRead() {
        WindowRead read = new WindowRead(window, GRAPH);
        String link = GRAPH + "/v1.0/security/alerts_v2?$skip=1";
        read.accept(200, null, page(3, link, "a"));
        read.accept(200, null, page(3, link.replace("=1", "=2"), "b"));
        GraphResponseException loop = assertThrows(GraphResponseException.class,
                () -> read.accept(200, null, page(3, link, "c")));
        assertTrue(loop.getMessage().contains("already sent"), loop.getMessage());
        WindowRead self = new WindowRead(window, GRAPH);
        assertThrows(GraphResponseException.class, () -> self.accept(200, null, page(3, self.nextLink(), "a")));
    }

    @Test
    void morePagesThanTheCountJustifiesEndTheRead() {
        WindowRead read = new WindowRead(window, GRAPH);
        read.accept(200, null, page(2, GRAPH + "/v1.0/security/alerts_v2?$skip=1", "a"));
        read.accept(200, null, page(2, GRAPH + "/v1.0/security/alerts_v2?$skip=2", "b"));
        GraphResponseException endless = assertThrows(GraphResponseException.class,
                () -> read.accept(200, null, page(2, GRAPH + "/v1.0/security/alerts_v2?$skip=3", "c")));
        assertTrue(endless.getMessage().contains("more than 2 alerts in pages of 1"), endless.getMessage());
    }

    @Test
    void refusesANextLinkWithUserInfo() {
        assertThrows(UnsafeNextLinkException.class, () -> new WindowRead(window, GRAPH)
                .accept(200, null, page(3, "https://user:pw@graph.example:8443/v1.0/security/alerts_v2?$skip=1", "a")));
    }

    @Test
    void malformedPagesAreRetryableErrors() {
        WindowRead read = new WindowRead(window, GRAPH);
        assertThrows(GraphResponseException.class, () -> read.accept(200, null, text("{\"value\":[{\"id\":")));
        assertThrows(GraphResponseException.class, () -> read.accept(200, null, text("{\"nothing\":1}")));
    }

    private static ByteArrayInputStream text(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
