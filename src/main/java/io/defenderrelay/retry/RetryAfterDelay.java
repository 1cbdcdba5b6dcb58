package io.defenderrelay.retry;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs when a Graph or sink request fails, before Camel schedules the retry: a {@code Retry-After} answer sets this retry's
 * delay (Camel's {@code CamelRedeliveryDelay} header); otherwise the redelivery policy's exponential backoff applies.
 */
public final class RetryAfterDelay implements Processor {

    private final Clock clock;
    private final Duration cap;

    public RetryAfterDelay(Clock clock, Duration cap) {
        this.clock = clock;
        this.cap = cap;
    }

    @Override
    public void process(Exchange exchange) {
        Optional<Duration> wait = Optional.empty();
        Object failure = exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
        if (failure instanceof HttpOperationFailedException http) {
            wait = RetryAfterHeader.fromHeaders(http.getResponseHeaders(), clock);
        } else if (failure instanceof RetryLaterException sink) {
            wait = sink.retryAfter();
        }
        if (wait.isPresent()) {
            Duration delay = wait.get().compareTo(cap) > 0 ? cap : wait.get();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
