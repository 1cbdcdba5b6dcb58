package io.defenderrelay.deliver.siem;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkReplyTest {
    @Test
    void acceptsAny2xx() {
        assertInstanceOf(SinkReply.Accepted.class, SinkReply.ofStatus("webhook", 204, "", Optional.empty()));
    }

    @Test
    void retriesThrottlingTimeoutsAndServerErrorsHonouringRetryAfter() {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            SinkReply reply = SinkReply.ofStatus("webhook", status, "slow down", Optional.of(Duration.ofSeconds(7)));
            assertEquals(Optional.of(Duration.ofSeconds(7)), assertInstanceOf(SinkReply.Retry.class, reply).after());
        }
        assertInstanceOf(SinkReply.Fatal.class, SinkReply.ofStatus("webhook", 501, "", Optional.empty()));
    }

    @Test
    void splitsOnTooLargeOrRefusedContent() {
        assertInstanceOf(SinkReply.Split.class, SinkReply.ofStatus("webhook", 413, "", Optional.empty()));
        assertInstanceOf(SinkReply.Split.class, SinkReply.ofStatus("webhook", 400, "bad", Optional.empty()));
    }

    @Test
    void explainsCredentialProblemsWithoutRetrying() {
        SinkReply.Fatal unauthorized = assertInstanceOf(SinkReply.Fatal.class,
                SinkReply.ofStatus("webhook", 401, "{\"error\":\"expired\"}", Optional.empty()));
        assertTrue(unauthorized.message().contains("relay.sink.siem.token"), unauthorized.message());
        assertTrue(unauthorized.message().contains("expired"), unauthorized.message());
        assertInstanceOf(SinkReply.Fatal.class, SinkReply.ofStatus("webhook", 403, "", Optional.empty()));
    }

    @Test
    void quotesOnlyTheStartOfALongBody() {
        SinkReply.Fatal fatal = assertInstanceOf(SinkReply.Fatal.class,
                SinkReply.ofStatus("webhook", 404, "<html>" + "x".repeat(5_000), Optional.empty()));
        assertTrue(fatal.message().length() < 600, fatal.message());
    }
}
