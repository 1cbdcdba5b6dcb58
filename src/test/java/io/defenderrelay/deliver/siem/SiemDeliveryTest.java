package io.defenderrelay.deliver.siem;

import io.defenderrelay.deliver.DeadLetterFile;
import io.defenderrelay.deliver.RoutedEvent;
import io.defenderrelay.deliver.SinkAcknowledgements;
import io.defenderrelay.retry.RetryLaterException;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.InMemoryMetrics;
import io.defenderrelay.testing.SampleEvents;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How each receiver answer narrows the SIEM queue of a window, without HTTP: answers are fed in directly. */
class SiemDeliveryTest {
    @TempDir
    Path dir;

    private final CamelContext camel = new DefaultCamelContext();
    private final SinkAcknowledgements acknowledgements = new SinkAcknowledgements(InMemoryMetrics.create());
    private DeadLetterFile deadLetters;
    private Exchange exchange;

    @BeforeEach
    void openWindow() throws IOException {
        deadLetters = new DeadLetterFile(dir, Clock.systemUTC());
        exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(SampleEvents.events(10).stream().map(event -> new RoutedEvent(event, Map.of())).toList());
    }

    @AfterEach
    void close() throws IOException {
        deadLetters.close();
    }

    private SiemDelivery delivery(SiemFormat format, BodyFormat body, int maxCount) {
        SiemTarget target = new SiemTarget(format, body, new BatchLimits(maxCount, 1_000_000, false), "Authorization",
                Optional.of("Splunk secret-token"));
        SiemDelivery delivery = new SiemDelivery(target, deadLetters, acknowledgements, Clock.systemUTC(),
                InMemoryMetrics.create());
        delivery.begin(exchange.getMessage().getBody(List.class), exchange);
        return delivery;
    }

    private static HecFormat hec() {
        return new HecFormat("st", "src", "", "");
    }

    /** Sends the head of the queue and answers it with {@code status}/{@code body}. */
    private void answer(SiemDelivery delivery, int status, String body, Map<String, String> headers) throws IOException {
        delivery.prepare(exchange);
        if (status >= 300) {
            delivery.failed(exchange, new HttpOperationFailedException("http://127.0.0.1/x", status, "", null, headers, body));
        } else {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            exchange.getMessage().setBody(body);
            delivery.accepted(exchange);
        }
    }

    private List<String> acknowledgedUids() {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String uid = "alert-" + i + "@2024-05-01T10:00:00Z";
            if (acknowledgements.acknowledged(SiemDelivery.SINK, uid)) {
                uids.add(uid);
            }
        }
        return uids;
    }

    private List<String> deadLetterLines() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        }
    }

    @Test
    void theRequestCarriesTheCredentialAndTheAnswerDoesNot() throws IOException {
        SiemDelivery delivery = delivery(SiemFormat.HEC, hec(), 10);
        exchange.getMessage().setHeader("tenant", "t1");
        delivery.prepare(exchange);
        assertEquals("Splunk secret-token", exchange.getMessage().getHeader("Authorization"));
        assertNull(exchange.getMessage().getHeader("tenant"), "nothing from earlier steps goes along");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody("{\"text\":\"Success\",\"code\":0}");
        delivery.accepted(exchange);
        assertNull(exchange.getMessage().getHeader("Authorization"));
        assertFalse(delivery.hasPending(exchange));
        assertEquals(10, acknowledgedUids().size());
    }

    @Test
    void theRequestKeepsTheAttemptCountOfTheRetries() {
        SiemDelivery delivery = delivery(SiemFormat.HEC, hec(), 10);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        delivery.prepare(exchange);
        assertEquals(2, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER), "else retries never run out");
    }

    @Test
    void busyIsRetriedWithTheReceiversRetryAfterAndKeepsTheBatchQueued() {
        SiemDelivery delivery = delivery(SiemFormat.HEC, hec(), 10);
        RetryLaterException retry = assertThrows(RetryLaterException.class, () -> answer(delivery, 503,
                "{\"text\":\"Server is busy\",\"code\":9}", Map.of("Retry-After", "7")));
        assertEquals(Optional.of(Duration.ofSeconds(7)), retry.retryAfter());
        assertTrue(delivery.hasPending(exchange));
        assertTrue(acknowledgedUids().isEmpty());
    }

    @Test
    void anInvalidHecEventIsDeadLetteredAndTheOthersAreSentAgain() throws IOException {
        SiemDelivery delivery = delivery(SiemFormat.HEC, hec(), 10);
        answer(delivery, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":3}", Map.of());
        assertTrue(deadLetterLines().get(0).contains("alert-3@"), deadLetterLines().toString());
        answer(delivery, 200, "{\"text\":\"Success\",\"code\":0}", Map.of());
        assertFalse(delivery.hasPending(exchange));
        assertEquals(9, acknowledgedUids().size());
        assertFalse(acknowledgedUids().contains("alert-3@2024-05-01T10:00:00Z"));
    }

    @Test
    void tooLargeIsSplitDownToTheSingleEventThatGoesToTheDeadLetter() throws IOException {
        SiemDelivery delivery = delivery(SiemFormat.JSON, new WebhookFormat(WebhookFormat.Layout.ARRAY), 10);
        int requests = 0;
        while (delivery.hasPending(exchange)) {
            delivery.prepare(exchange);
            JsonNode body = Json.mapper().readTree((byte[]) exchange.getMessage().getBody());
            boolean holdsPoison = false;
            for (JsonNode event : body) {
                holdsPoison |= event.path("finding_info").path("uid").asText().equals("alert-6");
            }
            answer(delivery, holdsPoison ? 413 : 200, holdsPoison ? "too large" : "", Map.of());
            requests++;
        }
        List<String> lines = deadLetterLines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("alert-6@") && lines.get(0).contains("413"), lines.get(0));
        assertEquals(9, acknowledgedUids().size());
        // halving, not one request per event: 0-9 ✗, 0-4 ✓, 5-9 ✗, 5-7 ✗, 5-6 ✗, 5 ✓, 6 ✗ (dead letter), 7 ✓, 8-9 ✓
        assertEquals(9, requests);
    }

    @Test
    void bulkItemsCreatedOrConflictingAreDoneFailedOnesRetriedAndRefusedOnesDeadLettered() throws IOException {
        SiemDelivery delivery = delivery(SiemFormat.BULK, new BulkFormat("idx"), 10);
        StringBuilder items = new StringBuilder("{\"errors\":true,\"items\":[");
        for (int i = 0; i < 10; i++) {
            int status = i == 2 ? 429 : i == 5 ? 400 : i == 7 ? 409 : 201;
            items.append(i == 0 ? "" : ",").append("{\"create\":{\"status\":").append(status)
                    .append(status == 400 ? ",\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\"}" : "")
                    .append("}}");
        }
        String answer = items.append("]}").toString();
        assertThrows(RetryLaterException.class, () -> answer(delivery, 200, answer, Map.of()));
        assertEquals(8, acknowledgedUids().size(), "201s and the 409 are delivered");
        assertTrue(deadLetterLines().get(0).contains("mapper_parsing_exception"), deadLetterLines().toString());
        delivery.prepare(exchange);
        String retried = new String((byte[]) exchange.getMessage().getBody());
        assertTrue(retried.contains("alert-2@") && !retried.contains("alert-1@"), "only the 429 item is sent again");
    }

    @Test
    void refusedCredentialsStopTheWindowWithTheFix() {
        SiemDelivery delivery = delivery(SiemFormat.HEC, hec(), 10);
        SinkRefusedException refused = assertThrows(SinkRefusedException.class,
                () -> answer(delivery, 403, "{\"text\":\"Invalid token\",\"code\":4}", Map.of()));
        assertTrue(refused.getMessage().contains("HTTP Event Collector"), refused.getMessage());
        assertFalse(refused.getMessage().contains("secret-token"));
        assertTrue(delivery.hasPending(exchange));
    }
}
