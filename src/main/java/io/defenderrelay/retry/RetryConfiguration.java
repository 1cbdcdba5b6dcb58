package io.defenderrelay.retry;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import java.time.Clock;
import java.time.Duration;

/** The retry pieces the routes' redelivery policies use. Added to Camel Main by RelayMain. */
public class RetryConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public RetryAfterDelay retryAfterDelay(@PropertyInject("relay.graph.max-retry-delay-ms") long maxDelayMs) {
        return new RetryAfterDelay(Clock.systemUTC(), Duration.ofMillis(maxDelayMs));
    }
}
