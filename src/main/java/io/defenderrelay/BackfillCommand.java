package io.defenderrelay;

import io.defenderrelay.cluster.ClusterSettings;
import io.defenderrelay.config.BackfillStart;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.graph.BackfillWatch;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.graph.Tenants;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Reads a range once, through the same routes and sinks as the relay, then exits. Its checkpoints live under
 * {@code <relay.state.dir>/backfill/<range>/}, so the same command started again continues where it stopped.
 */
@Command(name = "backfill", header = "Reads a past range once, resumably, then exits.", description = {
        "Reads the alerts of a past range once for the chosen tenants, through the same windows, routes and sinks as "
                + "`run`, then exits. Interrupted (Ctrl-C, kill) and started again with the same arguments, it "
                + "continues where it stopped without sending delivered windows again.",
        "It keeps its own checkpoints under <relay.state.dir>/backfill/<range>/ and leaves the daemon's alone, "
                + "unless --use-daemon-checkpoint. On a terminal it shows a progress bar, otherwise a line every "
                + "few seconds."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every tenant's range was delivered",
                "1:failed or interrupted (the diagnosis is on standard error; run it again to continue)",
                "2:refused: an option or the configuration (every problem is listed)"})
final class BackfillCommand implements Callable<Integer> {
    private static final String RANGE_FILE = "range.properties";

    @ParentCommand
    RelayCommand relay;
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "INSTANT|PERIOD",
            description = "start of the range: an ISO-8601 instant (2026-11-01T00:00:00Z) or a period before now (P7D)")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT|PERIOD", description = "end of the range (excluded), as --from; "
            + "default and latest: now less relay.ingestion-delay")
    String to;

    @Option(names = "--tenant", paramLabel = "NAME", description = "backfill only this tenant (repeatable); default: every one")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--use-daemon-checkpoint", description = "continue from the daemon's checkpoint (--from applies to"
            + " a tenant without one) and move it on, instead of keeping the backfill's own")
    boolean useDaemonCheckpoint;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RelayRun.Backfill range;
        try {
            range = range(new RelayHome(relay.home).settings(), Instant.now());
        } catch (IllegalArgumentException e) {
            err.println("defender-relay backfill: " + e.getMessage());
            return RelayMain.REFUSED;
        } catch (IOException e) {
            err.println("defender-relay backfill: cannot keep its range: " + e);
            return RelayMain.FAILED;
        }
        RelayRun run = new RelayRun(relay.home, range);
        Main main = RelayMain.create(run, Clock.systemUTC());
        BackfillWatch watch = new BackfillWatch(new FileCheckpointStore(range.stateDir()), range.from(), range.to(),
                main::completed);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                configuring.getCamelContext().addRoutePolicyFactory(watch);
            }

            @Override
            public void afterConfigure(BaseMainSupport configured) {
                SettingsSource settings = SettingsSource.of(configured.getCamelContext());
                Registry registry = configured.getCamelContext().getRegistry();
                watch.follow(registry.lookupByNameAndType("tenants", Tenants.class),
                        registry.lookupByNameAndType("pollFailures", PollFailures.class),
                        Duration.parse(settings.value("relay.poll.max-window")));
            }
        });
        out.println("backfill " + range.from() + " to " + range.to() + " of " + (tenants.isEmpty() ? "every tenant"
                : String.join(", ", tenants)) + "; checkpoints in " + range.stateDir());
        long started = System.nanoTime();
        try (BackfillProgress progress = BackfillProgress.start(watch, out, System.console() != null)) {
            main.run();
        } catch (Exception e) {
            return RelayMain.failed("did not start the backfill: fix the configuration and start it again",
                    "backfill failed", e, err);
        }
        BackfillWatch.Progress end = watch.progress();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!end.failures().isEmpty()) {
            end.failures().forEach((tenant, diagnosis) -> err.println("backfill stopped: tenant " + tenant + ": " + diagnosis));
            err.println("run the same command again to continue where it stopped");
            return RelayMain.FAILED;
        }
        if (!watch.complete()) {
            err.println("backfill interrupted at " + BackfillProgress.plain(end, took) + "; run the same command again"
                    + " to continue where it stopped");
            return RelayMain.FAILED;
        }
        out.println("backfill complete: " + BackfillProgress.plain(end, took));
        return 0;
    }

    /**
     * The range to read and where its checkpoints live. A backfill's own range is written down when it first starts,
     * so the same arguments started again (--from P7D included) continue the same range.
     */
    private RelayRun.Backfill range(SettingsSource settings, Instant now) throws IOException {
        if (useDaemonCheckpoint && ClusterSettings.enabled(settings)) {
            throw new IllegalArgumentException("--use-daemon-checkpoint: in cluster mode (relay.cluster.enabled) the"
                    + " daemon's checkpoints are in Kafka, which a backfill neither reads nor moves; run it without"
                    + " --use-daemon-checkpoint (its own checkpoints), or let the cluster's instances backfill from"
                    + " relay.backfill.start");
        }
        Path stateDir = RelayRun.daemon(relay.home).resolve(settings.value("relay.state.dir"));
        Path dir = useDaemonCheckpoint ? stateDir
                : stateDir.resolve("backfill").resolve(key(from) + "_to_" + (to == null ? "now" : key(to)));
        Path file = dir.resolve(RANGE_FILE);
        Properties kept = new Properties();
        if (!useDaemonCheckpoint && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                kept.load(in);
            }
            return new RelayRun.Backfill(Instant.parse(kept.getProperty("from")), Instant.parse(kept.getProperty("to")),
                    dir, Set.copyOf(tenants));
        }
        RelayRun.Backfill range = new RelayRun.Backfill(instant("--from", from, now), end(settings, now), dir,
                Set.copyOf(tenants));
        if (!range.from().isBefore(range.to())) {
            throw new IllegalArgumentException("--from " + range.from() + " is not before --to " + range.to()
                    + ": nothing to read (the range ends at the latest relay.ingestion-delay before now)");
        }
        if (!useDaemonCheckpoint) {
            Files.createDirectories(dir);
            kept.setProperty("from", range.from().toString());
            kept.setProperty("to", range.to().toString());
            try (OutputStream write = Files.newOutputStream(file)) {
                kept.store(write, "defender-relay backfill --from " + from + (to == null ? "" : " --to " + to));
            }
        }
        return range;
    }

    /** --to, no later than Graph shows alerts (now less relay.ingestion-delay). */
    private Instant end(SettingsSource settings, Instant now) {
        Instant latest;
        try {
            latest = now.minus(Duration.parse(settings.value("relay.ingestion-delay")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("relay.ingestion-delay is not an ISO-8601 duration (PT2M): " + e.getMessage(), e);
        }
        Instant end = to == null ? latest : instant("--to", to, now);
        return end.isAfter(latest) ? latest : end;
    }

    private static Instant instant(String option, String value, Instant now) {
        try {
            return BackfillStart.instantOrPeriodBefore(value.trim(), now);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /** The argument as part of a directory name. */
    private static String key(String argument) {
        return argument.trim().replaceAll("[^A-Za-z0-9.-]", "-");
    }
}
