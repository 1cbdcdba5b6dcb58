package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backfill of simulator alerts by the real relay (RelayMain with application.properties and routes/ of this
 * repository, in a JVM of its own started as README recommends, {@link BackfillRelayRun#jvmOptions}) to each sink
 * alone: (1) the NDJSON file sink, (2) Kafka (the in-JVM broker, a fresh topic of 3 partitions), (3) OpenSearch
 * {@code _bulk} (the embedded node, a fresh index), (4) a HEC receiver ({@link SinkTarget}). For the three others the
 * file sink is disabled, and the SIEM rule takes every severity. The alerts' lastUpdateDateTime is spread at about
 * 2 000 per hour, so with Graph's limits (1000 alerts per query, $skip at most 500) the relay must split every
 * one-hour window.
 * <p>
 * Each run is timed like the backfill benchmark's: from the relay's token request (exactly one per run) to the moment
 * the sink holds all alerts (file: lines in out/; Kafka: records in the topic; OpenSearch: {@code count(index)},
 * asked every second since each count refreshes the index; HEC: accepted events); the relay's start-up (launch to
 * token request) is reported apart, and so are the second half of the run (from half the alerts held) and the relay
 * JVM's CPU. Then the exact check, which fails the benchmark rather than print a figure for a broken run. Every run
 * starts a fresh relay JVM, as a user's backfill would; the simulator and the receivers stay in this JVM, so a
 * warm-up run per sink (20 000 alerts at most) starts the embedded servers and compiles their code before the
 * {@code runs} rounds. Each run prints the time this JVM's JIT compilers spent during it: they never fall silent
 * (about 0.7 s per run even after six warm-up runs per sink), and that work shares the cores with the relay. Each
 * round runs every sink once, the sinks' order rotated from round to round (with as many rounds as sinks, each sink
 * runs once in each position). Prints medians per sink, their ratios to the file sink's median and the median of
 * each round's ratio (runs of one round are seconds apart) in one block starting with {@code DELIVERY}. Relay,
 * simulator and receivers share the machine's cores.
 * The test JVM runs with {@code -Dsun.net.httpserver.nodelay=true} (pom.xml): without it the JDK HttpServer behind the
 * HEC receiver delays each answer by the client's delayed ACK (~40 ms), which real HEC servers (TCP_NODELAY) do not.
 * <p>
 * Run: {@code mvn -o test -Pbench -Dtest=DeliveryBenchmark}; {@code -Ddeliverybench.alerts=N} (default 100 000, as
 * the backfill benchmark) and {@code -Ddeliverybench.runs=N} (rounds, default 4) change the size,
 * {@code -Ddeliverybench.sinks=file,kafka} measures some sinks only (file first),
 * {@code -Ddeliverybench.relay-jvm-options=...} adds options to the relay's JVM. Output:
 * target/surefire-reports/io.defenderrelay.bench.DeliveryBenchmark-output.txt; each relay's log is in its home.
 */
@Tag("bench")
class DeliveryBenchmark {
    static final int ALERTS = Integer.getInteger("deliverybench.alerts", 100_000);
    /** The warm-up runs only start the embedded servers and compile this JVM's simulator and receivers. */
    private static final int WARMUP_ALERTS = Math.min(ALERTS, 20_000);
    /** The sinks measured, file first: the others' figures are compared with it. */
    private static final List<String> SINKS = sinks(System.getProperty("deliverybench.sinks",
            "file,kafka,opensearch,hec"));
    private static final int RUNS = Integer.getInteger("deliverybench.runs", 4);
    /** Spread of lastUpdateDateTime per alert: 1.8 s, i.e. 2 000 alerts per one-hour window. */
    private static final Duration SPACING = Duration.ofMillis(1_800);
    private static final long SEED = 20261123L;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final String CLIENT_ID = "relay-bench";
    private static final String SECRET = "bench-secret";
    /** Extra options for the relay's JVM, e.g. -XX:StartFlightRecording=filename=/tmp/relay.jfr to profile it. */
    private static final String JVM_OPTIONS = System.getProperty("deliverybench.relay-jvm-options", "");

    @TempDir
    Path dir;

    @Test
    void backfillsToEachSinkAndReportsAlertsPerSecond() throws Exception {
        System.out.println(measure(dir).summary());
    }

    /** Warm-up runs, then the measured rounds, each run printed as it ends; {@code dir} takes the relay homes. */
    static Result measure(Path dir) throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED))) {
            Backlog warmup = Backlog.generate(sim, "bench-warmup", WARMUP_ALERTS);
            Backlog measured = Backlog.generate(sim, "bench-delivery", ALERTS);
            for (String sink : SINKS) {
                System.out.println("warm-up " + sink + ": " + run(sim, warmup, sink, dir.resolve("warmup-" + sink)));
            }
            double loadBefore = loadAverage();
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            SINKS.forEach(sink -> runs.put(sink, new ArrayList<>()));
            for (int round = 0; round < RUNS; round++) {
                for (int i = 0; i < SINKS.size(); i++) {
                    String sink = SINKS.get((i + round) % SINKS.size());
                    Run run = run(sim, measured, sink, dir.resolve(sink + "-" + round));
                    runs.get(sink).add(run);
                    System.out.println("round " + (round + 1) + " " + sink + ": " + run);
                }
            }
            return new Result(runs, loadBefore, loadAverage());
        }
    }

    private static List<String> sinks(String list) {
        List<String> sinks = List.of(list.split(","));
        if (!sinks.get(0).equals("file")) {
            throw new IllegalArgumentException("deliverybench.sinks must start with file (the others are compared with"
                    + " it): " + list);
        }
        return sinks;
    }

    /** A simulated tenant's alerts and the backfill start that covers them all, however long the runs before take. */
    private record Backlog(SimTenant tenant, Set<String> ids, Instant backfillStart) {
        static Backlog generate(GraphSimulator sim, String tenantId, int alerts) {
            SimTenant tenant = sim.tenant(tenantId);
            tenant.registerSecretApp(CLIENT_ID, SECRET);
            Instant now = Instant.now();
            Instant first = now.minus(SPACING.multipliedBy(alerts));
            tenant.alerts().generate(alerts, first, now.minusSeconds(5));
            return new Backlog(tenant, Set.copyOf(tenant.alerts().ids()), first.minus(Duration.ofHours(1)));
        }
    }

    /** One backfill of all alerts to one sink by the relay in a JVM of its own, checked exactly. */
    private static Run run(GraphSimulator sim, Backlog backlog, String sink, Path runDir) throws Exception {
        Map<String, String> settings = RelayHarness.secretTenant(sim, runDir, "bench", backlog.tenant().tenantId(),
                CLIENT_ID, SECRET);
        settings.put("relay.backfill.start", backlog.backfillStart().toString());
        Set<String> expected = backlog.ids();
        try (SinkTarget target = SinkTarget.of(sink, runDir)) {
            settings.putAll(target.settings());
            Instant launched = Instant.now();
            long jitBefore = compilationMillis();
            Run run;
            try (RelayProcess relay = RelayProcess.start(runDir, settings,
                    BackfillRelayRun.jvmOptions(BackfillRelayRun.HEAP, JVM_OPTIONS))) {
                Instant start = RunStart.firstTokenRequest(backlog.tenant().requests(), launched);
                try (AttachedJvm jvm = AttachedJvm.attach(relay.handle())) {
                    Duration startupCpu = jvm.cpuTime();
                    BackfillRelayRun.Halfway halfway = BackfillRelayRun.awaitHeld(relay, jvm, "alerts at " + sink,
                            expected.size(), RUN_TIMEOUT, target.pollPeriod(), target::held);
                    Instant end = Instant.now();
                    run = new Run(expected.size(), Duration.between(start, end), Duration.between(halfway.at(), end),
                            Duration.between(launched, start), jvm.cpuTime().minus(startupCpu), RunStart.between(
                            backlog.tenant().requests(), RecordedRequest.Kind.TOKEN, launched, end).size(),
                            Duration.ofMillis(compilationMillis() - jitBefore));
                }
            }
            target.assertHoldsExactly(expected, runDir);
            assertEquals(1, run.tokenRequests(), "one token request per run: the relay holds its token");
            return run;
        }
    }

    /** The time this JVM's JIT compilers spent so far (simulator, receivers; the relay has a JVM of its own). */
    private static long compilationMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The runs per sink (file, kafka, opensearch, hec) and the machine's load around them. */
    record Result(Map<String, List<Run>> runs, double loadBefore, double loadAfter) {
        /** Median alerts/s per sink, in the order of {@link #SINKS}. */
        Map<String, Double> rates() {
            Map<String, Double> rates = new LinkedHashMap<>();
            runs.forEach((sink, list) -> rates.put(sink, median(list, Run::alertsPerSecond)));
            return rates;
        }

        /**
         * The median over the rounds of {@code sink}'s alerts/s over the file sink's in the same round: runs of one
         * round are seconds apart, so this ratio drifts less with the machine than the ratio of the two medians.
         */
        double roundRatio(String sink) {
            List<Run> file = runs.get("file");
            List<Run> other = runs.get(sink);
            return Median.of(IntStream.range(0, file.size())
                    .mapToDouble(round -> other.get(round).alertsPerSecond() / file.get(round).alertsPerSecond())
                    .toArray());
        }

        String summary() {
            Map<String, Double> rates = rates();
            double file = rates.get("file");
            return String.join(System.lineSeparator(),
                    String.format("DELIVERY %,d alerts, medians of %d runs per sink: ", ALERTS, RUNS)
                            + rates.entrySet().stream().map(rate -> String.format("%s %,.0f/s", rate.getKey(),
                                    rate.getValue())).collect(Collectors.joining(", ")),
                    "  ratio of medians to file: " + rates.entrySet().stream().map(rate -> String.format("%s %.2f",
                            rate.getKey(), rate.getValue() / file)).collect(Collectors.joining(", ")),
                    "  median of each round's ratio to file: " + rates.keySet().stream().map(sink -> String.format(
                            "%s %.2f", sink, roundRatio(sink))).collect(Collectors.joining(", ")),
                    "  alerts/s per run: " + runs.entrySet().stream().map(entry -> entry.getKey() + " "
                            + entry.getValue().stream().map(run -> String.format("%,.0f", run.alertsPerSecond())).toList())
                            .collect(Collectors.joining(", ")),
                    "  second half (relay JIT mostly done), median alerts/s: " + medians("%,.0f",
                            Run::secondHalfAlertsPerSecond),
                    "  relay CPU per 100 000 alerts (s), median: " + medians("%.1f", Run::cpuSecondsPer100k),
                    "  start-up (start to token request, not in the figures), median (s): " + medians("%.1f",
                            r -> r.startup().toMillis() / 1e3),
                    "  this JVM's JIT compilation during a run (simulator, receivers), median (s): "
                            + medians("%.1f", r -> r.benchmarkJit().toMillis() / 1e3),
                    String.format("  %,d alerts at 2 000 per hour of lastUpdateDateTime, at most 1000 per Graph query;"
                                    + " a warm-up run of %,d per sink, then %d rounds in rotated sink order; each run a"
                                    + " fresh relay JVM, simulator and receivers in the benchmark's; %d cores, load"
                                    + " average %.2f before, %.2f after", ALERTS, WARMUP_ALERTS, RUNS,
                            Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
        }

        /** The median of {@code figure} over {@code sink}'s runs. */
        double median(String sink, ToDoubleFunction<Run> figure) {
            return median(runs.get(sink), figure);
        }

        /** The median of {@code figure} per sink, formatted: "file 1.0, kafka 2.0". */
        String medians(String format, ToDoubleFunction<Run> figure) {
            return runs.keySet().stream().map(sink -> sink + " " + String.format(format, median(sink, figure)))
                    .collect(Collectors.joining(", "));
        }

        private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
            return Median.of(runs.stream().mapToDouble(figure).toArray());
        }
    }

    /**
     * One run: alerts; token request to all held; from half held to all held; start to token request; the relay JVM's
     * CPU from its token request to all held; token requests made; this JVM's JIT compilation from launch to all held.
     */
    record Run(int alerts, Duration elapsed, Duration secondHalf, Duration startup, Duration cpu, int tokenRequests,
               Duration benchmarkJit) {
        double alertsPerSecond() {
            return alerts * 1e9 / elapsed.toNanos();
        }

        /** The rate of the second half of the alerts, the relay's JIT compilers mostly done. */
        double secondHalfAlertsPerSecond() {
            return (alerts - alerts / 2) * 1e9 / secondHalf.toNanos();
        }

        double cpuSecondsPer100k() {
            return cpu.toMillis() / 1e3 * 100_000 / alerts;
        }

        @Override
        public String toString() {
            return String.format("%.1f s = %,.0f alerts/s, second half %,.0f alerts/s, relay CPU %.1f s per 100 000"
                            + " (start-up %.1f s apart), this JVM's JIT %.1f s", elapsed.toMillis() / 1e3,
                    alertsPerSecond(), secondHalfAlertsPerSecond(), cpuSecondsPer100k(), startup.toMillis() / 1e3,
                    benchmarkJit.toMillis() / 1e3);
        }
    }
}
