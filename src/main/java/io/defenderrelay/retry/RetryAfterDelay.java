package io.defenderrelay.retry;

import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One target's {@code Retry-After} policy, run when a request to it fails and before Camel schedules the retry
 * (onExceptionOccurred of graph-retries, siem-retries): a {@code Retry-After} up to the target's maximum sets this
 * retry's delay (Camel's {@code CamelRedeliveryDelay} header); without one the redelivery policy's backoff applies.
 * A longer {@code Retry-After} is not waited for: the attempts end at once with a {@link RetryAfterTooLongException},
 * which no policy retries, and the next poll reads the window again.
 */
public final class RetryAfterDelay implements Processor {

    private final String target;
    private final String maximumKey;
    private final Duration maximum;
    private final Clock clock;
    private final RelayMetrics metrics;

    /**
     * @param target     who answers, as the operator knows it ("Graph", "the SIEM")
     * @param maximumKey the setting that holds {@code maximum}, named when a wait exceeds it
     * @param metrics    counts the waits honoured, under the last word of {@code target} (graph, siem)
     */
    public RetryAfterDelay(String target, String maximumKey, Duration maximum, Clock clock, RelayMetrics metrics) {
        this.target = target;
        this.maximumKey = maximumKey;
        this.maximum = maximum;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Optional<Duration> wait = retryAfter(failure);
        if (wait.isEmpty()) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        } else if (wait.get().compareTo(maximum) <= 0) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.get().toMillis());
            metrics.retryAfter(target.substring(target.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT), wait.get());
        } else {
            giveUp(exchange, new RetryAfterTooLongException(target + " asked to wait " + seconds(wait.get())
                    + " s (Retry-After), more than " + maximumKey + "=" + maximum.toMillis()
                    + "; the window is read again at the next poll", failure));
        }
    }

    private Optional<Duration> retryAfter(Exception failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return RetryAfterHeader.fromHeaders(http.getResponseHeaders(), clock);
        }
        return failure instanceof RetryLaterException sink ? sink.retryAfter() : Optional.empty();
    }

    /**
     * Ends the redelivery now. Camel's error handler checks the exhausted flag right after this processor, and when
     * it gives up it rethrows the exception it caught: that becomes {@code stop}, so the poll reports why.
     */
    private static void giveUp(Exchange exchange, Exception stop) {
        exchange.setException(stop);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, stop);
        exchange.getExchangeExtension().setRedeliveryExhausted(true);
    }

    private static String seconds(Duration wait) {
        return BigDecimal.valueOf(wait.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
