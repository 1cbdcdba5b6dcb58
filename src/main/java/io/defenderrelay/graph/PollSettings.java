package io.defenderrelay.graph;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How windows are cut: they end {@code ingestionDelay} behind now, reach {@code lookback} behind the checkpoint for
 * late arrivals, and span at most {@code maxWindow} so a long backfill checkpoints as it goes.
 */
public record PollSettings(Duration ingestionDelay, Duration lookback, Duration maxWindow, String backfillStart) {

    /** The first window's start for a tenant without checkpoint: an instant, a period before now, or now. */
    public Instant initialStart(Instant now) {
        String value = backfillStart == null ? "" : backfillStart.trim();
        if (value.isEmpty()) {
            return now;
        }
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return now.minus(Duration.parse(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("relay.backfill.start='" + value + "' is neither an ISO-8601 instant "
                    + "(2026-11-01T00:00:00Z) nor a duration (P7D, PT12H); fix it or leave it empty to start now", e);
        }
    }
}
