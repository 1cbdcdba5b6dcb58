package io.defenderrelay.retry;

import io.defenderrelay.testing.Contract;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterHeaderTest {
    private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsWholeAndFractionalSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfterHeader.parse("30", clock));
        assertEquals(Optional.of(Duration.ofMillis(2_128)), RetryAfterHeader.parse(" 2.128 ", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfterHeader.parse("0", clock));
    }

    @Test
    void readsTheRetryAfterOfGraphsDocumentedThrottledAnswer() {
        Contract throttled = Contract.load("graph-throttled");

        assertEquals(Optional.of(Duration.ofMillis(2_128)),
                RetryAfterHeader.fromHeaders(Map.of("Retry-After", throttled.header("Retry-After")), clock));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfterHeader.parse("Wed, 01 May 2024 10:01:30 GMT", clock));
    }

    @Test
    void givesZeroForADateInThePast() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfterHeader.parse("Wed, 01 May 2024 09:00:00 GMT", clock));
    }

    @Test
    void ignoresMissingOrUnreadableValues() {
        assertEquals(Optional.empty(), RetryAfterHeader.parse(null, clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("-5", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("1e3", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("99999999999999999999999", clock));
    }
}
