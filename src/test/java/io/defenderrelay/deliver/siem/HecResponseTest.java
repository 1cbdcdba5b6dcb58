package io.defenderrelay.deliver.siem;

import io.defenderrelay.retry.RetryAfterHeader;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.SampleEvents;
import io.defenderrelay.testing.TestHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HecResponseTest {
    private static final String TOKEN = "hec-token";
    private final HecFormat format = new HecFormat("ocsf", null, null, null);

    @Test
    void readsSuccess() {
        assertInstanceOf(SinkReply.Accepted.class, HecResponse.parse(200, "{\"text\":\"Success\",\"code\":0}"));
    }

    @Test
    void retriesServerBusyWithItsRetryAfter() {
        SinkReply reply = HecResponse.parse(503, "{\"text\":\"Server is busy\",\"code\":9}", Optional.of(Duration.ofSeconds(1)));

        assertEquals(Optional.of(Duration.ofSeconds(1)), assertInstanceOf(SinkReply.Retry.class, reply).after());
        assertInstanceOf(SinkReply.Retry.class, HecResponse.parse(429, ""));
        assertInstanceOf(SinkReply.Retry.class, HecResponse.parse(502, "<html>bad gateway</html>"));
    }

    @Test
    void namesTheRejectedEvent() {
        SinkReply reply = HecResponse.parse(400, "{\"text\":\"Incorrect index\",\"code\":7,\"invalid-event-number\":3}");

        assertEquals(new SinkReply.EventRejected(3, 7, "Incorrect index"), reply);
    }

    @Test
    void tellsTheOperatorHowToFixTokenProblems() {
        SinkReply.Fatal missing = assertInstanceOf(SinkReply.Fatal.class,
                HecResponse.parse(401, "{\"text\":\"Token is required\",\"code\":2}"));
        SinkReply.Fatal refused = assertInstanceOf(SinkReply.Fatal.class,
                HecResponse.parse(403, "{\"text\":\"Invalid authorization\",\"code\":3}"));

        assertTrue(missing.message().contains("relay.sink.siem.token"), missing.message());
        assertTrue(refused.message().contains("enabled"), refused.message());
    }

    @Test
    void splitsOnTooLargeAndStopsOnMalformedRequests() {
        assertInstanceOf(SinkReply.Split.class, HecResponse.parse(413, "{\"text\":\"Content-Length too large\"}"));
        SinkReply.Fatal noChannel = assertInstanceOf(SinkReply.Fatal.class,
                HecResponse.parse(400, "{\"text\":\"Data channel is missing\",\"code\":10}"));
        assertTrue(noChannel.message().contains("useACK"), noChannel.message());
    }

    @Test
    void poisonEventIsDeadLetteredAndTheRestDeliveredWhenFollowingTheCallerRule() throws Exception {
        List<ObjectNode> events = SampleEvents.events(20);
        List<JsonNode> deadLetters = new ArrayList<>();
        try (HecReceiver hec = HecReceiver.start(TOKEN)) {
            hec.rejectEventsMatching(envelope -> envelope.at("/event/finding_info/uid").asText().equals("alert-7"), 6);

            List<JsonNode> pending = new ArrayList<>(events);
            while (!pending.isEmpty()) {
                HttpResponse<String> response = TestHttp.post(hec.eventUrl(), format.body(pending), "Authorization", "Splunk " + TOKEN);
                SinkReply reply = HecResponse.parse(response.statusCode(), response.body(),
                        RetryAfterHeader.parse(response.headers().firstValue("Retry-After").orElse(null), Clock.systemUTC()));
                if (reply instanceof SinkReply.EventRejected rejected) {
                    deadLetters.add(pending.get(rejected.index()));
                    pending = new ArrayList<>(pending.subList(rejected.index() + 1, pending.size()));
                } else {
                    assertInstanceOf(SinkReply.Accepted.class, reply);
                    pending.clear();
                }
            }

            assertEquals(List.of(events.get(7)), deadLetters);
            Set<String> expected = events.stream().map(e -> e.at("/metadata/uid").asText())
                    .filter(uid -> !uid.startsWith("alert-7@")).collect(Collectors.toSet());
            assertEquals(expected, hec.distinctUids());
            assertEquals(19, hec.acceptedCount(), "each once: what was accepted before the poison is not sent again");
        }
    }
}
