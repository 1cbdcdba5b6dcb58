package io.defenderrelay.testing;

import io.defenderrelay.observe.HealthThresholds;
import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.observe.RelayMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;

/** Metrics for beans tested without Camel: counted in a registry nobody serves. */
public final class InMemoryMetrics {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RelayMetrics metrics;

    private InMemoryMetrics() {
        RelayHealth health = new RelayHealth(new HealthThresholds(3, Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ZERO, Duration.ofDays(30)), Clock.systemUTC());
        metrics = new RelayMetrics(registry, health, Clock.systemUTC());
    }

    public static RelayMetrics create() {
        return new InMemoryMetrics().metrics;
    }
}
