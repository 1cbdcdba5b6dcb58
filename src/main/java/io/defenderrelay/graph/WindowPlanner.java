package io.defenderrelay.graph;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Plans one poll of one tenant: the windows from its checkpoint (minus the look-back) up to now minus the delay. */
public final class WindowPlanner {

    private final CheckpointStore checkpoints;
    private final PollSettings settings;
    private final SeenAlerts seen;
    private final Clock clock;
    private final Set<String> restored = ConcurrentHashMap.newKeySet();

    public WindowPlanner(CheckpointStore checkpoints, PollSettings settings, SeenAlerts seen, Clock clock) {
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.seen = seen;
        this.clock = clock;
    }

    public List<Window> plan(String tenant) {
        Instant now = clock.instant();
        Optional<Checkpoint> checkpoint = checkpoints.load(tenant);
        Instant start;
        if (checkpoint.isPresent()) {
            if (restored.add(tenant)) {
                seen.restore(tenant, checkpoint.get().recent());
            }
            start = checkpoint.get().windowEnd().minus(settings.lookback());
        } else {
            start = settings.initialStart(now);
            if (!start.isBefore(now.minus(settings.ingestionDelay()))) {
                // no backfill: remember where we began, so a restart does not leave a gap
                checkpoints.save(new Checkpoint(tenant, start, now, List.of()));
            }
        }
        Instant end = now.minus(settings.ingestionDelay());
        List<Window> windows = new ArrayList<>();
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

    /** Moves the checkpoint to the end of a fully delivered window, never backwards. */
    /** {@link #completed(String, Window)} for the window of a read, as routes call it. */
    public void readCompleted(String tenant, WindowRead read) {
        completed(tenant, read.window());
    }

    public void completed(String tenant, Window window) {
        if (!window.timeOnly()) {
            return;
        }
        Optional<Checkpoint> current = checkpoints.load(tenant);
        if (current.isEmpty() || current.get().windowEnd().isBefore(window.end())) {
            List<String> recent = seen.retainSince(tenant, window.end().minus(settings.lookback()));
            checkpoints.save(new Checkpoint(tenant, window.end(), clock.instant(), recent));
        }
    }
}
