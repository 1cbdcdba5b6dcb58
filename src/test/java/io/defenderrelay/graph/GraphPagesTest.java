package io.defenderrelay.graph;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphPagesTest {
    private static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T01:00:00Z"));
    private static final int LIMIT = 4096;

    private final GraphPages pages = new GraphPages(new Tenants(List.of()), new WindowSplitter(800), new ReadProgress(),
            new GraphClock(Clock.systemUTC()), null, LIMIT);
    private final WindowRead read = new WindowRead(WINDOW, URI.create("https://graph.example"));

    /** A page as Camel's HTTP producer hands it over with its stream cache off: the connection's stream, no length. */
    private Exchange page(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("read", read);
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        InputStream stream = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        exchange.getIn().setBody(stream);
        return exchange;
    }

    private static String alerts(int count) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < count; i++) {
            value.append(i == 0 ? "" : ",").append("{\"id\":\"a").append(i)
                    .append("\",\"lastUpdateDateTime\":\"2026-11-01T00:30:00Z\"}");
        }
        return "{\"@odata.count\":" + count + ",\"value\":[" + value + "]}";
    }

    @Test
    void aPageIsParsedFromItsStream() throws Exception {
        pages.accept(page(alerts(3)));
        assertEquals(3, read.total());
    }

    @Test
    void aPageWithoutALengthIsRefusedOnceItPassesTheLimit() {
        String body = alerts(200);
        assertTrue(body.length() > LIMIT);
        PageTooLargeException refused = assertThrows(PageTooLargeException.class, () -> pages.accept(page(body)));
        assertTrue(refused.getMessage().startsWith("alerts_v2 sent a page of more than 4096 bytes for "), refused.getMessage());
    }

    @Test
    void aPageAnnouncedLargerThanTheLimitIsNotRead() {
        Exchange exchange = page(alerts(1));
        exchange.getIn().setHeader(Exchange.CONTENT_LENGTH, LIMIT + 1L);
        PageTooLargeException refused = assertThrows(PageTooLargeException.class, () -> pages.accept(exchange));
        assertTrue(refused.getMessage().startsWith("alerts_v2 sent a page of 4097 bytes for "), refused.getMessage());
    }
}
