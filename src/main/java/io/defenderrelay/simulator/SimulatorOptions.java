package io.defenderrelay.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GraphSimulator} behaves: where it listens, how long its tokens live, how late alerts become visible,
 * its largest page and the seed of its generated data.
 */
public record SimulatorOptions(int port, Duration tokenLifetime, Duration visibilityDelay, int maxPageSize, long seed) {

    public SimulatorOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("simulator port must be 0 (ephemeral) or 1-65535, got " + port);
        }
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(visibilityDelay, "visibilityDelay");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("simulator tokenLifetime must be positive, got " + tokenLifetime);
        }
        if (visibilityDelay.isNegative()) {
            throw new IllegalArgumentException("simulator visibilityDelay must not be negative, got " + visibilityDelay);
        }
        if (maxPageSize < 1) {
            throw new IllegalArgumentException("simulator maxPageSize must be at least 1, got " + maxPageSize);
        }
    }

    /** Ephemeral port, 1 h tokens, alerts visible at once, Graph's 1000-alert pages, seed 42. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, Duration.ofHours(1), Duration.ZERO, 1000, 42);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(newPort, tokenLifetime, visibilityDelay, maxPageSize, seed);
    }

    public SimulatorOptions withTokenLifetime(Duration newLifetime) {
        return new SimulatorOptions(port, newLifetime, visibilityDelay, maxPageSize, seed);
    }

    public SimulatorOptions withVisibilityDelay(Duration newDelay) {
        return new SimulatorOptions(port, tokenLifetime, newDelay, maxPageSize, seed);
    }

    public SimulatorOptions withMaxPageSize(int newMaxPageSize) {
        return new SimulatorOptions(port, tokenLifetime, visibilityDelay, newMaxPageSize, seed);
    }

    public SimulatorOptions withSeed(long newSeed) {
        return new SimulatorOptions(port, tokenLifetime, visibilityDelay, maxPageSize, newSeed);
    }
}
