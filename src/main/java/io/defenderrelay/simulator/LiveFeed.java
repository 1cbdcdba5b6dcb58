package io.defenderrelay.simulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task at a fixed rate on its own daemon thread until stopped: the demo's trickle of new alerts. */
final class LiveFeed {
    private final String threadName;
    private ScheduledExecutorService scheduler;

    LiveFeed(String threadName) {
        this.threadName = threadName;
    }

    synchronized void start(Duration every, Runnable tick) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("a live feed needs a positive interval, got " + every);
        }
        stop();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
