package io.defenderrelay.graph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plans one poll of one tenant (the windows Graph answered only partially, then the windows from its checkpoint minus
 * the look-back up to now minus the delay) and keeps the checkpoint as windows and their parts are delivered.
 */
public final class WindowPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPlanner.class);
    /** Reads of a window whose parts fall short of Graph's count before what they found is accepted. */
    static final int SHORT_READS = 3;

    private final CheckpointStore checkpoints;
    private final PollSettings settings;
    private final SeenAlerts seen;
    private final ReadProgress progress;
    private final LateAlerts late;
    private final GraphClock clock;
    private final Set<String> restored = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    public WindowPlanner(CheckpointStore checkpoints, PollSettings settings, SeenAlerts seen, ReadProgress progress,
                         LateAlerts late, GraphClock clock) {
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.seen = seen;
        this.progress = progress;
        this.late = late;
        this.clock = clock;
    }

    public List<Window> plan(String tenant) {
        checkpoints.pollStarting(tenant);
        Instant now = clock.now(tenant);
        Optional<Checkpoint> checkpoint = checkpoints.load(tenant);
        Instant start;
        if (checkpoint.isPresent()) {
            if (restored.add(tenant)) {
                seen.restore(tenant, checkpoint.get().recent());
                progress.restore(checkpoint.get());
            }
            start = checkpoint.get().windowEnd().minus(settings.lookback());
            late.planned(tenant, checkpoint.get().windowEnd());
        } else {
            start = settings.initialStart(now);
            if (!start.isBefore(settings.end(now))) {
                // no backfill: remember where we began, so a restart does not leave a gap
                checkpoints.save(new Checkpoint(tenant, start, now, List.of()));
            }
        }
        Instant end = settings.end(now);
        List<Window> windows = new ArrayList<>(progress.incomplete(tenant));
        boolean audit = polls.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet() % PollSettings.AUDIT_EVERY == 0;
        if (audit && checkpoint.isPresent() && !settings.lateAudit().isZero()) {
            windows.add(Window.of(start.minus(settings.lateAudit()), start));
        }
        for (Instant from = start; from.isBefore(end); ) {
            Instant to = from.plus(settings.maxWindow());
            if (to.isAfter(end)) {
                to = end;
            }
            windows.add(Window.of(from, to));
            from = to;
        }
        return windows;
    }

    /**
     * Records a read whose alerts every sink acknowledged (or, for a split window, whose parts were all read): moves
     * the checkpoint to the end of a plain window, never backwards; remembers a delivered part of an instant, and a
     * window Graph answered only partially. A split whose parts found fewer alerts than Graph counted is read again,
     * up to {@link #SHORT_READS} times, before what it found is accepted.
     */
    public void readCompleted(String tenant, WindowRead read) {
        Window window = read.window();
        if (read.shortfall() > 0 && read.splitByEnumeration()) {
            int reads = progress.readShort(tenant, window);
            if (reads < SHORT_READS) {
                throw new WindowShortfallException(tenant, read, reads, SHORT_READS);
            }
            LOG.warn("tenant {}: the parts of {} found {} alerts, Graph counted {}; accepted after {} reads (alerts with a "
                    + "value the relay cannot filter on would be missing: report it)", tenant, window, read.total(),
                    read.reportedCount(), reads);
        }
        progress.readInFull(tenant, window);
        if (read.parent() != null) {
            read.parent().addPart(read);
        }
        boolean changed = read.outcome() == WindowRead.Outcome.PARTIAL
                ? progress.partial(tenant, window) : progress.answeredInFull(tenant, window);
        if (window.timeOnly()) {
            completed(tenant, window, changed);
            return;
        }
        if (read.outcome() == WindowRead.Outcome.COMPLETE && read.pages() > 0) {
            progress.partDone(tenant, window, read.total());
            changed = true;
        }
        if (changed || checkpoints.owesSave(tenant)) {
            save(tenant, checkpoints.load(tenant).map(Checkpoint::windowEnd).orElse(null));
        }
    }

    /**
     * Moves the checkpoint to the end of a fully delivered plain window, never backwards, and never past Graph's now
     * less the delay (or a backfill's end): a window planned before Graph's clock was known may reach further.
     */
    private void completed(String tenant, Window window, boolean changed) {
        Optional<Checkpoint> current = checkpoints.load(tenant);
        Instant end = Collections.min(List.of(window.end(), settings.end(clock.now(tenant))));
        if (current.isEmpty() || current.get().windowEnd().isBefore(end)) {
            progress.clearDoneParts(tenant);
            save(tenant, end);
        } else if (changed || checkpoints.owesSave(tenant)) {
            save(tenant, current.get().windowEnd());
        }
    }

    /**
     * Forgets what this relay knows of the tenant beyond its checkpoint (cluster mode: another instance polls it now);
     * its next plan starts from the checkpoint saved last, wherever it was saved.
     */
    public void release(String tenant) {
        restored.remove(tenant);
        seen.forget(tenant);
        progress.forget(tenant);
    }

    /** Saves the tenant's progress at {@code windowEnd}; nothing while it has no position yet. */
    private void save(String tenant, Instant windowEnd) {
        if (windowEnd == null) {
            return;
        }
        List<String> recent = seen.retainSince(tenant, windowEnd.minus(settings.remembered()),
                lastUpdate -> progress.insideIncomplete(tenant, lastUpdate));
        checkpoints.save(new Checkpoint(tenant, windowEnd, clock.now(tenant), recent, progress.incomplete(tenant),
                progress.doneParts(tenant)));
    }
}
