package io.defenderrelay.observe;

import java.time.Duration;

/**
 * When readiness turns DOWN (relay.health.*).
 *
 * @param failedPolls consecutive failed polls of a tenant
 * @param maxLag      a tenant's checkpoint further behind now than this
 * @param sinkFailure a sink failing without a single acknowledgement for this long
 * @param silence     a tenant delivering nothing for this long; zero = no such alarm
 * @param expiry      a credential expiring within this period
 */
public record HealthThresholds(int failedPolls, Duration maxLag, Duration sinkFailure, Duration silence,
                               Duration expiry) {
}
