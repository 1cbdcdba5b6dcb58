package io.defenderrelay.retry;

import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import java.time.Clock;
import java.time.Duration;

/** The retry pieces the routes' redelivery policies use, one per target. Added to Camel Main by RelayMain. */
public class RetryConfiguration implements CamelConfiguration {
    private static final String GRAPH_MAXIMUM = "relay.graph.max-retry-delay-ms";
    private static final String SIEM_MAXIMUM = "relay.sink.siem.max-retry-delay-ms";

    @BindToRegistry(lazy = true)
    public RetryAfterDelay graphRetryAfter(@PropertyInject(GRAPH_MAXIMUM) long maximumMs, RelayMetrics relayMetrics) {
        return new RetryAfterDelay("Graph", GRAPH_MAXIMUM, Duration.ofMillis(maximumMs), Clock.systemUTC(), relayMetrics);
    }

    @BindToRegistry(lazy = true)
    public RetryAfterDelay siemRetryAfter(@PropertyInject(SIEM_MAXIMUM) long maximumMs, RelayMetrics relayMetrics) {
        return new RetryAfterDelay("the SIEM", SIEM_MAXIMUM, Duration.ofMillis(maximumMs), Clock.systemUTC(),
                relayMetrics);
    }
}
