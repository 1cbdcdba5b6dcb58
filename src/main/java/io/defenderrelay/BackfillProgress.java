package io.defenderrelay;

import io.defenderrelay.graph.BackfillWatch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A backfill's progress on standard output: on a terminal a bar redrawn in place (windows done of all, alerts,
 * alerts/s, time left), otherwise a plain line every few seconds, for logs.
 */
final class BackfillProgress implements AutoCloseable {
    private static final Duration REDRAW = Duration.ofMillis(500);
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final int BAR = 30;

    private final BackfillWatch watch;
    private final PrintWriter out;
    private final boolean terminal;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private long windowsBefore = -1;

    private BackfillProgress(BackfillWatch watch, PrintWriter out, boolean terminal) {
        this.watch = watch;
        this.out = out;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backfill-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    static BackfillProgress start(BackfillWatch watch, PrintWriter out, boolean terminal) {
        BackfillProgress progress = new BackfillProgress(watch, out, terminal);
        long every = (terminal ? REDRAW : PLAIN_EVERY).toMillis();
        progress.timer.scheduleAtFixedRate(progress::show, every, every, TimeUnit.MILLISECONDS);
        return progress;
    }

    private synchronized void show() {
        BackfillWatch.Progress now = watch.progress();
        if (windowsBefore < 0) {
            windowsBefore = now.windowsDone(); // done by an earlier run: not part of this run's rate
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String eta = eta(now, elapsed);
        if (terminal) {
            int filled = now.windowsTotal() == 0 ? BAR : (int) (BAR * now.windowsDone() / now.windowsTotal());
            out.print("\r[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + now.windowsDone() + "/"
                    + now.windowsTotal() + " windows  " + now.alerts() + " alerts  " + rate(now, elapsed)
                    + " alerts/s  ETA " + eta + "   ");
            out.flush();
        } else {
            out.println("backfill: " + plain(now, elapsed) + ", ETA " + eta);
        }
    }

    /** "12/48 windows, 3400 alerts in 4 s (850 alerts/s)". */
    static String plain(BackfillWatch.Progress progress, Duration elapsed) {
        return progress.windowsDone() + "/" + progress.windowsTotal() + " windows, " + progress.alerts() + " alerts in "
                + elapsed.toSeconds() + " s (" + rate(progress, elapsed) + " alerts/s)";
    }

    private static long rate(BackfillWatch.Progress progress, Duration elapsed) {
        return elapsed.toMillis() == 0 ? 0 : progress.alerts() * 1000 / elapsed.toMillis();
    }

    private String eta(BackfillWatch.Progress progress, Duration elapsed) {
        long doneHere = progress.windowsDone() - windowsBefore;
        if (doneHere <= 0) {
            return "?";
        }
        long left = elapsed.toMillis() * (progress.windowsTotal() - progress.windowsDone()) / doneHere;
        Duration eta = Duration.ofMillis(left);
        return String.format("%d:%02d:%02d", eta.toHours(), eta.toMinutesPart(), eta.toSecondsPart());
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal) {
            out.println();
        }
    }
}
