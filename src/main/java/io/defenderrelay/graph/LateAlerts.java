package io.defenderrelay.graph;

import io.defenderrelay.support.GraphTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alerts that became visible after the checkpoint had passed their lastUpdateDateTime. The look-back catches those up to
 * its length late; the late-alert audit finds the later ones, and then the look-back is too short: that is said with
 * the value that would have caught them.
 */
public final class LateAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(LateAlerts.class);

    private final Duration lookback;
    private final ReadProgress progress;
    private final Map<String, Instant> passed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public LateAlerts(Duration lookback, ReadProgress progress) {
        this.lookback = lookback;
        this.progress = progress;
    }

    /** Where the tenant's checkpoint stood when this poll was planned: what is older than that is late. */
    public void planned(String tenant, Instant checkpoint) {
        passed.put(tenant, checkpoint);
    }

    /** Counts the late ones among a window's new alerts, and says so when the look-back did not reach them. */
    public void note(String tenant, List<PagedAlert> unseen) {
        Instant checkpoint = passed.get(tenant);
        if (checkpoint == null) {
            return;
        }
        long late = 0;
        Duration latest = Duration.ZERO;
        for (PagedAlert alert : unseen) {
            Duration behind = behind(tenant, checkpoint, alert);
            if (behind.compareTo(Duration.ZERO) > 0) {
                late++;
                latest = behind.compareTo(latest) > 0 ? behind : latest;
            }
        }
        if (late == 0) {
            return;
        }
        counts.computeIfAbsent(tenant, t -> new AtomicLong()).addAndGet(late);
        if (latest.compareTo(lookback) > 0) {
            LOG.warn("tenant {}: {} alert(s) became visible at least {} s after their lastUpdateDateTime, later than "
                    + "relay.lookback={} reaches; the late-alert audit found and delivered them. Set relay.lookback to at "
                    + "least {} so each poll catches them", tenant, late, latest.toSeconds(), lookback,
                    Duration.ofSeconds(latest.multipliedBy(3).dividedBy(2).toSeconds() + 1));
        } else {
            LOG.debug("tenant {}: {} late alert(s) caught by the look-back, the latest {} s late", tenant, late,
                    latest.toSeconds());
        }
    }

    /** Late alerts of the tenant since the relay started. */
    public long count(String tenant) {
        AtomicLong count = counts.get(tenant);
        return count == null ? 0 : count.get();
    }

    /** How far the checkpoint had passed the alert; zero for one a partial answer held back (it was not late). */
    private Duration behind(String tenant, Instant checkpoint, PagedAlert alert) {
        try {
            Instant lastUpdate = GraphTime.parse(alert.lastUpdate());
            return progress.insideIncomplete(tenant, lastUpdate) ? Duration.ZERO : Duration.between(lastUpdate, checkpoint);
        } catch (DateTimeException e) {
            return Duration.ZERO;
        }
    }
}
