package io.defenderrelay.normalize;

import io.defenderrelay.deliver.RoutedEvent;
import io.defenderrelay.support.Json;
import io.defenderrelay.simulator.AlertGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 5 000 randomly damaged alerts through the real route, with raw_data on and off: nothing throws out of it, and
 * each alert ends as exactly one Detection Finding valid against the official OCSF schema or one dead letter with a
 * reason.
 */
class NormalizeFuzzTest {
    private static final int ALERTS = 5_000;
    private static final long SEED = 0xF00D_2026L;
    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @ParameterizedTest(name = "include-raw {0}")
    @ValueSource(booleans = {true, false})
    void everyMutatedAlertBecomesAValidFindingOrADeadLetterWithAReason(boolean includeRaw) throws Exception {
        main = NormalizeRouteTest.startRelay(Map.of("relay.output.include-raw", String.valueOf(includeRaw)));
        OcsfSchema schema = new OcsfSchema();
        RecommendedStatistics statistics = new RecommendedStatistics();
        SplittableRandom random = new SplittableRandom(SEED);
        AlertMutator mutator = new AlertMutator(SEED);
        AlertGenerator generator = new AlertGenerator(SEED);
        List<JsonNode> seeds = new ArrayList<>();
        Samples.all().forEach(sample -> seeds.add(sample.alert()));
        MockEndpoint deliver = mock("deliver");
        MockEndpoint deadLetter = mock("dead-letter");
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();
        int findings = 0;
        int deadLetters = 0;
        for (int i = 0; i < ALERTS; i++) {
            JsonNode base = random.nextInt(3) == 0 ? seeds.get(random.nextInt(seeds.size())) : generator.alert();
            JsonNode damaged = mutator.mutate(base);
            Object body = asBody(damaged, random);
            Exchange exchange = template.send("direct:normalize", e -> {
                e.getMessage().setBody(body);
                e.getMessage().setHeader("tenant", "fuzz");
            });
            int number = i;
            Supplier<String> context = () -> "alert #" + number + ": " + abbreviate(damaged.toString());
            assertFalse(exchange.isFailed(), () -> context.get() + " threw " + exchange.getException());
            if (deliver.getReceivedCounter() == findings + 1) {
                findings++;
                // the event as the sinks send it: its JSON bytes, read back
                RoutedEvent routed = assertInstanceOf(RoutedEvent.class, last(deliver).getBody(), context);
                ObjectNode event = assertInstanceOf(ObjectNode.class, Json.mapper().readTree(routed.json()), context);
                OcsfReport report = schema.check(event);
                statistics.add(report);
                assertEquals(List.of(), report.errors(), context);
                assertEquals(includeRaw, event.has("raw_data"), context);
                assertEquals(event.at("/metadata/uid").textValue(), last(deliver).getHeader("eventUid"));
            } else {
                deadLetters++;
                assertEquals(deadLetters, deadLetter.getReceivedCounter(), () -> context.get() + " went nowhere");
                String reason = last(deadLetter).getHeader("deadLetterReason", String.class);
                assertTrue(reason != null && !reason.isBlank(), context);
                assertFalse(reason.contains("relay bug"), () -> context.get() + " hit a normalizer bug: " + reason);
                assertEquals("normalize", last(deadLetter).getHeader("deadLetterStage"));
                assertInstanceOf(String.class, last(deadLetter).getBody(), context);
            }
        }
        System.out.print(statistics.summary("fuzz corpus, include-raw " + includeRaw));
        assertEquals(ALERTS, findings + deadLetters);
        // how many of each is the seed's accident; the run must exercise both
        assertTrue(findings > ALERTS / 2 && deadLetters > ALERTS / 20,
                "the mutations should exercise both outcomes: " + findings + " findings, " + deadLetters
                        + " dead letters");
    }

    /**
     * Alerts reach the route as trees, JSON text or bytes; text is sometimes cut short or nested deeper than any
     * parser accepts.
     */
    private static Object asBody(JsonNode alert, SplittableRandom random) {
        int form = random.nextInt(4);
        if (form > 1) {
            return alert;
        }
        String text = alert.toString();
        return switch (form) {
            case 0 -> text.getBytes(StandardCharsets.UTF_8);
            default -> switch (random.nextInt(20)) {
                case 0 -> text.substring(0, random.nextInt(text.length() + 1));
                case 1 -> text.replaceFirst("\\{", "{\"deep\":" + "[".repeat(1_500) + "]".repeat(1_500) + ",");
                default -> text;
            };
        };
    }

    private MockEndpoint mock(String name) {
        MockEndpoint mock = main.getCamelContext().getEndpoint("mock:" + name, MockEndpoint.class);
        mock.setRetainLast(1);
        return mock;
    }

    private static org.apache.camel.Message last(MockEndpoint mock) {
        return mock.getReceivedExchanges().get(mock.getReceivedExchanges().size() - 1).getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
