package io.defenderrelay.graph;

import io.defenderrelay.config.BackfillStart;

import java.time.Duration;
import java.time.Instant;

/**
 * How windows are cut: they end {@code ingestionDelay} behind now (and never after {@code until}, the end of a bounded
 * backfill; null for the daemon), reach {@code lookback} behind the checkpoint for late arrivals, and span at most
 * {@code maxWindow} so a long backfill checkpoints as it goes; every {@link #AUDIT_EVERY}th poll also reads
 * {@code lateAudit} further back, to find alerts later than the look-back.
 */
public record PollSettings(Duration ingestionDelay, Duration lookback, Duration maxWindow, String backfillStart,
                           Duration lateAudit, Instant until) {

    public static final int AUDIT_EVERY = 10;

    /** The daemon's settings: no end. */
    public PollSettings(Duration ingestionDelay, Duration lookback, Duration maxWindow, String backfillStart,
                        Duration lateAudit) {
        this(ingestionDelay, lookback, maxWindow, backfillStart, lateAudit, null);
    }

    /** Where windows end at {@code now}: the ingestion delay behind it, or {@code until} if that is earlier. */
    public Instant end(Instant now) {
        Instant end = now.minus(ingestionDelay);
        return until != null && until.isBefore(end) ? until : end;
    }

    /** How far behind the checkpoint delivered alerts must be remembered, so no re-read sends them twice. */
    public Duration remembered() {
        return lookback.plus(lateAudit);
    }

    /** The first window's start for a tenant without checkpoint: an instant, a period before now, or now. */
    public Instant initialStart(Instant now) {
        return BackfillStart.from(backfillStart, now);
    }
}
