package io.defenderrelay.normalize;

import io.defenderrelay.config.RelayRun;
import io.defenderrelay.deliver.DeliverConfiguration;
import io.defenderrelay.deliver.GroupBySink;
import io.defenderrelay.deliver.RoutedEvent;
import io.defenderrelay.deliver.WindowShares;
import io.defenderrelay.observe.ObserveConfiguration;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/normalize.camel.yaml in Camel Main, wired by {@link NormalizeConfiguration} from properties, with
 * {@code direct:dead-letter} replaced by a mock, and what the router takes of each alert sent to {@code mock:deliver}.
 */
class NormalizeRouteTest {
    private Main main;

    /** Boots Camel Main with the normalize route, the given properties and mock delivery endpoints. */
    static Main startRelay(Map<String, String> properties) {
        Main main = new Main();
        main.bind("relayRun", RelayRun.daemon(Path.of(".")));
        main.bind("relayClock", Clock.systemUTC());
        main.addOverrideProperty("camel.management.enabled", "false");
        main.bind("metricsRegistry", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        main.configure().addConfiguration(ObserveConfiguration.class);
        main.configure().addConfiguration(NormalizeConfiguration.class);
        main.configure().addConfiguration(DeliverConfiguration.class);
        main.configure().withRoutesIncludePattern("file:routes/normalize.camel.yaml");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // one alert through the real normalize-alert route; what the router takes goes to mock:deliver
                from("direct:normalize").routeId("test-normalize").to("direct:normalize-alert")
                        .filter(header(GroupBySink.SINKS).isNotNull()).to("mock:deliver");
                from("direct:dead-letter").routeId("test-dead-letter").to("mock:dead-letter");
                from("direct:window").routeId("test-window").to("direct:normalize-window")
                        .process(window -> window.setProperty("goesOnIn", Thread.currentThread().getName()));
            }
        });
        properties.forEach(main::addOverrideProperty);
        main.start();
        return main;
    }

    @BeforeEach
    void start() {
        main = startRelay(Map.of("relay.severity.high", "critical/5", "relay.output.include-raw", "true",
                "relay.category.microsoftDefenderForOffice365", "Mail"));
    }

    @AfterEach
    void stop() {
        main.stop();
    }

    private MockEndpoint mock(String name) {
        return main.getCamelContext().getEndpoint("mock:" + name, MockEndpoint.class);
    }

    private Exchange send(Object body) {
        return main.getCamelContext().createProducerTemplate()
                .send("direct:normalize", e -> {
                    e.getMessage().setBody(body);
                    e.getMessage().setHeader("tenant", "contoso");
                });
    }

    @Test
    void deliversEventWithTheHeadersTheRouterNeeds() throws Exception {
        Exchange sent = send(Samples.alert("mdo-phish-page.0"));
        assertNull(sent.getException());
        assertEquals(1, mock("deliver").getReceivedCounter());
        Message delivered = mock("deliver").getReceivedExchanges().get(0).getMessage();
        RoutedEvent routed = assertInstanceOf(RoutedEvent.class, delivered.getBody());
        ObjectNode event = assertInstanceOf(ObjectNode.class, Json.mapper().readTree(routed.json()),
                "the sinks send the event's bytes");
        assertEquals(2004, event.get("class_uid").intValue());
        assertTrue(event.has("raw_data"), "relay.output.include-raw=true keeps the original alert");
        assertEquals("critical", delivered.getHeader("relaySeverity"));
        assertEquals(5, delivered.getHeader("relaySeverityId"));
        assertEquals("microsoftDefenderForOffice365", delivered.getHeader("serviceSource"));
        assertEquals("Mail", delivered.getHeader("relayCategory"));
        assertEquals("contoso", delivered.getHeader("tenant"));
        assertEquals("fa3f1b2c4d5e6f708192a3b4c5d6e7f8a9b0c1d2e3f40516", delivered.getHeader("alertId"));
        assertEquals(event.at("/metadata/uid").textValue(), delivered.getHeader("eventUid"));
        assertEquals(0, mock("dead-letter").getReceivedCounter());
    }

    @Test
    void parsesAlertsGivenAsTextOrBytes() {
        String text = Samples.alert("mdca-cloudapp-alert").toString();
        send(text);
        send(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, mock("deliver").getReceivedCounter());
        mock("deliver").getReceivedExchanges().forEach(e ->
                assertEquals("caA1b2C3d4E5f6G7h8I9j0", e.getMessage().getHeader("alertId")));
    }

    @Test
    void deadLettersBadAlertWithReasonStageAndRawTextWithoutFailingTheExchange() {
        String text = "{\"title\":\"no id here\",\"lastUpdateDateTime\":\"2026-10-01T00:00:00Z\"}";
        Exchange sent = send(text);
        assertNull(sent.getException());
        assertEquals(0, mock("deliver").getReceivedCounter());
        Message dead = mock("dead-letter").getReceivedExchanges().get(0).getMessage();
        assertEquals("no id", dead.getHeader("deadLetterReason"));
        assertEquals("normalize", dead.getHeader("deadLetterStage"));
        assertEquals(text, dead.getBody());
    }

    @Test
    void deadLettersUnparsableJsonAndTreesAsText() throws Exception {
        send("{\"id\": ");
        JsonNode tree = io.defenderrelay.support.Json.mapper().readTree("{\"id\":\"x\",\"lastUpdateDateTime\":\"soon\"}");
        send(tree);
        var dead = mock("dead-letter").getReceivedExchanges();
        assertEquals(2, dead.size());
        assertTrue(dead.get(0).getMessage().getHeader("deadLetterReason", String.class).startsWith("not valid JSON"));
        assertEquals("{\"id\": ", dead.get(0).getMessage().getBody());
        assertEquals("unparsable lastUpdateDateTime 'soon' (expected an ISO-8601 UTC timestamp such as "
                + "2026-10-01T00:12:09.7866667Z)", dead.get(1).getMessage().getHeader("deadLetterReason"));
        assertEquals(tree, io.defenderrelay.support.Json.mapper().readTree(dead.get(1).getMessage().getBody(String.class)));
    }

    @Test
    void normalizesAWindowOnTheNormalizeThreadsAndKeepsItsOrder() {
        List<Object> window = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            window.add(i == 200 ? "{\"id\": " : ((ObjectNode) Samples.alert("mdo-phish-page.0").deepCopy()).put("id", "alert-" + i));
        }
        Exchange sent = main.getCamelContext().createProducerTemplate().send("direct:window", e -> {
            e.getMessage().setBody(window);
            e.getMessage().setHeader("tenant", "contoso");
        });
        assertNull(sent.getException());
        List<Object> delivered = sent.getMessage().getBody(WindowShares.class).get("file").stream()
                .map(routed -> routed.headers().get("alertId")).toList();
        List<Object> expected = IntStream.range(0, 400).filter(i -> i != 200).mapToObj(i -> "alert-" + i)
                .collect(Collectors.toList());
        assertEquals(expected, delivered, "every event in the window's order, the bad alert dead-lettered");
        assertEquals(1, mock("dead-letter").getReceivedCounter());
        assertEquals(Thread.currentThread().getName(), sent.getProperty("goesOnIn"),
                "the window goes on in its own thread, not in a normalize thread");
        assertEquals(2, Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith(" - normalize")).count(), "relay.normalize.threads = 2");
    }

    @Test
    void refusesToStartWithAMalformedSetting() {
        main.stop();
        Exception e = assertThrows(Exception.class, () -> startRelay(Map.of("relay.output.include-raw", "yes")));
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("relay.output.include-raw='yes'"), cause.getMessage());
    }
}
