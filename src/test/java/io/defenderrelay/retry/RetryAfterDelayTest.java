package io.defenderrelay.retry;

import io.defenderrelay.testing.InMemoryMetrics;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one target's Retry-After policy does to a failed exchange before Camel's redelivery looks at it. */
class RetryAfterDelayTest {
    private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
    private final RetryAfterDelay graph = new RetryAfterDelay("Graph", "relay.graph.max-retry-delay-ms",
            Duration.ofSeconds(120), clock, InMemoryMetrics.create());

    private static Exchange failedWith(Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(failure);
        return exchange;
    }

    private static HttpOperationFailedException graphAnswer(int status, String retryAfter) {
        Map<String, String> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter);
        return new HttpOperationFailedException("https://graph.example/v1.0/security/alerts_v2", status, "", null,
                headers, "{}");
    }

    @Test
    void waitsTheSecondsGraphAskedFor() {
        Exchange exchange = failedWith(graphAnswer(429, "2.5"));
        graph.process(exchange);
        assertEquals(2500L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void waitsUntilTheHttpDateGraphNamed() {
        Exchange exchange = failedWith(graphAnswer(503, "Wed, 01 May 2024 10:01:30 GMT"));
        graph.process(exchange);
        assertEquals(90_000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void waitsTheWholeMaximumWhenAskedForExactlyThat() {
        Exchange exchange = failedWith(graphAnswer(429, "120"));
        graph.process(exchange);
        assertEquals(120_000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
        assertFalse(exchange.getExchangeExtension().isRedeliveryExhausted());
    }

    @Test
    void leavesTheBackoffToThePolicyWithoutRetryAfter() {
        Exchange exchange = failedWith(graphAnswer(503, null));
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7000L); // from an earlier attempt
        graph.process(exchange);
        assertNull(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void waitsWhatASinkAskedForWithinItsOwnMaximum() {
        RetryAfterDelay siem = new RetryAfterDelay("the SIEM", "relay.sink.siem.max-retry-delay-ms", Duration.ofSeconds(60), clock,
                InMemoryMetrics.create());
        Exchange exchange = failedWith(new RetryLaterException("HEC answered HTTP 503", Optional.of(Duration.ofSeconds(45))));
        siem.process(exchange);
        assertEquals(45_000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void endsTheAttemptsAtOnceWhenAskedToWaitLongerThanTheMaximum() {
        HttpOperationFailedException throttled = graphAnswer(429, "3600");
        Exchange exchange = failedWith(throttled);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, throttled);
        graph.process(exchange);
        RetryAfterTooLongException stop = assertInstanceOf(RetryAfterTooLongException.class, exchange.getException());
        assertAll(() -> assertEquals("Graph asked to wait 3600 s (Retry-After), more than relay.graph.max-retry-delay-ms="
                        + "120000; the window is read again at the next poll", stop.getMessage()),
                () -> assertSame(throttled, stop.getCause()),
                () -> assertSame(stop, exchange.getProperty(Exchange.EXCEPTION_CAUGHT), "what the error handler rethrows"),
                () -> assertTrue(exchange.getExchangeExtension().isRedeliveryExhausted(), "no further redelivery"),
                () -> assertNull(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY), "no waiting"));
    }

    @Test
    void aSinkOverItsMaximumIsNamedWithItsOwnSetting() {
        RetryAfterDelay siem = new RetryAfterDelay("the SIEM", "relay.sink.siem.max-retry-delay-ms", Duration.ofMillis(500), clock,
                InMemoryMetrics.create());
        Exchange exchange = failedWith(new RetryLaterException("HEC answered HTTP 503", Optional.of(Duration.ofMillis(1500))));
        siem.process(exchange);
        assertEquals("the SIEM asked to wait 1.5 s (Retry-After), more than relay.sink.siem.max-retry-delay-ms=500; the "
                + "window is read again at the next poll", exchange.getException().getMessage());
    }
}
