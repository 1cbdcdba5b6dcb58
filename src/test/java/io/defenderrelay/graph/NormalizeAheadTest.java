package io.defenderrelay.graph;

import io.defenderrelay.testing.InMemoryMetrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The next window's normalization, started while the current one is delivered, is used only when it covered exactly
 * the alerts the window delivers when its turn comes. A stand-in normalize-window route records what it was given
 * and on which thread.
 */
class NormalizeAheadTest {
    private static final URI GRAPH = URI.create("https://graph.example");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SeenAlerts seen = new SeenAlerts(InMemoryMetrics.create());
    private CamelContext context;
    private NormalizeAhead ahead;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:normalize-window")
                        .filter(simple("${header.tenant} == 'broken'"))
                            .throwException(new IllegalStateException("mapper bug"))
                        .end()
                        .process(exchange -> {
                            List<?> alerts = exchange.getMessage().getBody(List.class);
                            exchange.getMessage().setHeader("relaySinks", List.of("file"));
                            exchange.getMessage().setHeader("normalizedOn", Thread.currentThread().getName());
                            exchange.getMessage().setBody("normalized " + alerts.size());
                        });
            }
        });
        context.start();
        ahead = new NormalizeAhead(context, seen, 2);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private static WindowRead read(String... ids) {
        WindowRead read = new WindowRead(Window.of(T0, T0.plusSeconds(3600)), GRAPH);
        StringBuilder value = new StringBuilder();
        for (String id : ids) {
            value.append(value.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"lastUpdateDateTime\":\"2026-01-01T00:10:00Z\"}");
        }
        read.accept(200, null, new ByteArrayInputStream(("{\"@odata.count\":" + ids.length + ",\"value\":[" + value
                + "]}").getBytes(StandardCharsets.UTF_8)));
        return read;
    }

    /** Reads as a poll sees them while it delivers a window: {@code next} already taken by Camel's split. */
    private static ReadAhead.Reads upcoming(Object next) {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        reads.hand(next);
        reads.hasNext();
        return reads;
    }

    private Exchange window(WindowRead read, String tenant) throws Exception {
        Exchange window = new DefaultExchange(context);
        window.getMessage().setHeader("tenant", tenant);
        List<PagedAlert> alerts = seen.unseen(tenant, read);
        window.getMessage().setBody(alerts);
        ahead.take(window, read, alerts);
        return window;
    }

    @Test
    void theNextWindowIsNormalizedOnAThreadOfItsOwnAndTakenWhenItsTurnComes() throws Exception {
        WindowRead next = read("a", "b");
        ahead.startNext("t", upcoming(next));
        Exchange window = window(next, "t");
        assertEquals("normalized 2", window.getMessage().getBody());
        assertEquals(List.of("file"), window.getMessage().getHeader("relaySinks"));
        assertTrue(window.getMessage().getHeader("normalizedOn", String.class).contains("normalize-ahead"),
                window.getMessage().getHeader("normalizedOn", String.class));
        assertNull(next.normalizing(), "taken once");
    }

    @Test
    void aWindowWhoseNewAlertsChangedMeanwhileIsNormalizedAgain() throws Exception {
        WindowRead next = read("a", "b");
        ahead.startNext("t", upcoming(next));
        // the window delivered before held alert a in the same version
        seen.remember("t", read("a"));
        Exchange window = window(next, "t");
        assertEquals(List.of("b@2026-01-01T00:10:00Z"), window.getMessage().getBody(List.class).stream()
                .map(alert -> ((PagedAlert) alert).key()).toList(), "the body is still the new alerts, to normalize");
    }

    @Test
    void aFailedNormalizationAheadFailsTheWindowAsItsOwnWould() throws Exception {
        WindowRead next = read("a");
        ahead.startNext("broken", upcoming(next));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> window(next, "broken"));
        assertEquals("mapper bug", failure.getMessage());
    }

    @Test
    void nothingStartsForASplitWindowOrTheEndOfThePoll() throws Exception {
        WindowRead split = new WindowRead(Window.of(T0, T0.plusSeconds(3600)), GRAPH);
        split.accept(200, null, new ByteArrayInputStream("{\"@odata.count\":5000,\"value\":[{\"id\":\"a\"}]}"
                .getBytes(StandardCharsets.UTF_8)));
        assertSame(WindowRead.Outcome.SPLIT, split.outcome());
        ahead.startNext("t", upcoming(split));
        assertNull(split.normalizing());
        ahead.startNext("t", upcoming(ReadAhead.Reads.END));
        WindowRead unstarted = read("a");
        Exchange window = window(unstarted, "t");
        assertTrue(window.getMessage().getBody() instanceof List, "no normalization ahead: normalized now");
    }
}
