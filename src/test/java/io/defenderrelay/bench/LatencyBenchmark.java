package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How soon the relay works: the fat jar as it ships ({@code java -jar target/defender-relay.jar}, no JVM options),
 * started {@value #DEFAULT_RUNS} times against a fresh tenant of the simulator holding {@value #BACKLOG} alerts from
 * the last minutes. Per run: launch to its first token request, to its first alerts_v2 request (the first poll) and to
 * the first alert in out/; then, for {@value #DEFAULT_SECONDS} s, a trickle of {@value #TRICKLE_PER_SECOND} new alerts
 * a second, each timed from its lastUpdateDateTime to its line in out/ (new-alert-to-sink) and from when Graph shows it
 * (lastUpdateDateTime + the simulator's visibility delay, which relay.ingestion-delay matches) to its line
 * (visible-to-sink). Each run's p50 and p99 are taken, and the medians over the runs printed as {@code name: value}
 * lines. The latency is the poll interval's wait plus the relay's own work, so the interval is short here
 * ({@value #DEFAULT_INTERVAL_SECONDS} s; the shipped one is 60 s). Fails unless every alert arrives exactly once.
 * <p>
 * Run: {@code mvn -B -o package -DskipTests} (the jar), then {@code mvn -B -o test -Pbench -Dtest=LatencyBenchmark}
 * (-Dlatencybench.runs, .seconds, .interval-seconds). Without the jar (an IDE run) the relay main runs from the class
 * path, and the output says so.
 */
@Tag("bench")
class LatencyBenchmark {
    private static final int DEFAULT_RUNS = 3;
    private static final int DEFAULT_SECONDS = 60;
    private static final int DEFAULT_INTERVAL_SECONDS = 5;
    private static final int RUNS = Integer.getInteger("latencybench.runs", DEFAULT_RUNS);
    private static final Duration MEASURED = Duration.ofSeconds(Integer.getInteger("latencybench.seconds", DEFAULT_SECONDS));
    private static final Duration INTERVAL = Duration.ofSeconds(
            Integer.getInteger("latencybench.interval-seconds", DEFAULT_INTERVAL_SECONDS));
    private static final Duration VISIBILITY_DELAY = Duration.ofSeconds(5);
    private static final int BACKLOG = 50;
    private static final int TRICKLE_PER_SECOND = 4;
    private static final long SEED = 20261204L;

    @TempDir
    Path dir;

    @Test
    void measuresStartAndNewAlertToSinkLatency() throws Exception {
        assertJarUpToDate();
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED)
                .withVisibilityDelay(VISIBILITY_DELAY))) {
            double loadBefore = loadAverage();
            List<Run> runs = new ArrayList<>();
            for (int i = 1; i <= RUNS; i++) {
                Run run = run(sim, i);
                System.out.println("run " + i + ": " + run);
                runs.add(run);
            }
            System.out.printf("LATENCY %s, %d runs, poll interval %d s, ingestion delay %d s (= Graph's visibility"
                            + " delay here), %d new alerts/s for %d s per run, %d cores, load average %.2f before,"
                            + " %.2f after%n",
                    RelayProcess.launchedFromJar() ? "fat jar " + System.getProperty(RelayProcess.FAT_JAR)
                            : "relay main on the test class path (no fat jar given)", RUNS, INTERVAL.toSeconds(),
                    VISIBILITY_DELAY.toSeconds(), TRICKLE_PER_SECOND, MEASURED.toSeconds(),
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
            print("latency.start-to-token-request-s", runs, Run::toToken);
            print("latency.start-to-first-poll-s", runs, Run::toFirstPoll);
            print("latency.start-to-first-delivered-s", runs, Run::toFirstDelivered);
            print("latency.new-alert-to-sink-p50-s", runs, run -> run.newToSink(0.5));
            print("latency.new-alert-to-sink-p99-s", runs, run -> run.newToSink(0.99));
            print("latency.visible-to-sink-p50-s", runs, run -> run.newToSink(0.5) - VISIBILITY_DELAY.toSeconds());
            print("latency.visible-to-sink-p99-s", runs, run -> run.newToSink(0.99) - VISIBILITY_DELAY.toSeconds());
            for (Run run : runs) {
                assertTrue(run.newToSink(0.99) <= VISIBILITY_DELAY.plus(INTERVAL).plusSeconds(10).toSeconds(),
                        "p99 new-alert-to-sink within ingestion delay + interval + 10 s: " + run);
            }
        }
    }

    /** The jar measured is the code of this build: present, and not older than any compiled class. */
    private static void assertJarUpToDate() throws IOException {
        if (!RelayProcess.launchedFromJar()) {
            return;
        }
        Path jar = Path.of(System.getProperty(RelayProcess.FAT_JAR));
        Path classes = jar.resolveSibling("classes");
        assertTrue(Files.isRegularFile(jar), "no fat jar at " + jar + ": run mvn -B -o package -DskipTests first");
        FileTime built = Files.getLastModifiedTime(jar);
        try (Stream<Path> files = Files.walk(classes)) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(f -> lastModified(f).compareTo(built) <= 0),
                    jar + " is older than " + classes + ": run mvn -B -o package -DskipTests again");
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run run(GraphSimulator sim, int index) throws Exception {
        SimTenant tenant = sim.tenant("latency-" + index);
        tenant.registerSecretApp("app", "secret");
        Instant now = Instant.now();
        Set<String> backlog = Set.copyOf(tenant.alerts().generate(BACKLOG, now.minus(Duration.ofMinutes(4)),
                now.minus(Duration.ofMinutes(1))));
        Path home = dir.resolve("run-" + index);
        Map<String, String> settings = RelayHarness.secretTenant(sim, home, "t1", tenant.tenantId(), "app", "secret");
        settings.put("relay.poll.interval", INTERVAL.toSeconds() + "s");
        settings.put("relay.ingestion-delay", VISIBILITY_DELAY.toString());
        settings.put("relay.lookback", "PT1M");
        settings.put("relay.backfill.start", "PT5M");
        Map<String, Instant> added = new ConcurrentHashMap<>();
        Instant launched = Instant.now();
        try (RelayProcess relay = RelayProcess.startPackaged(home, settings, List.of());
             SinkArrivals arrivals = new SinkArrivals(home.resolve("out"))) {
            Instant token = RunStart.firstTokenRequest(tenant.requests(), launched);
            awaitOrLog("the first poll", relay, () -> !RunStart.between(tenant.requests(), RecordedRequest.Kind.ALERTS,
                    launched, Instant.now()).isEmpty());
            Instant firstPoll = RunStart.between(tenant.requests(), RecordedRequest.Kind.ALERTS, launched, Instant.now())
                    .get(0).receivedAt();
            awaitOrLog("the backlog in out/", relay, () -> backlog.stream().allMatch(id -> arrivals.arrival(id) != null));
            Instant firstDelivered = backlog.stream().map(arrivals::arrival).min(Instant::compareTo).orElseThrow();
            try (Trickle trickle = new Trickle(List.of(tenant), TRICKLE_PER_SECOND, SEED + index, added)) {
                Thread.sleep(MEASURED.toMillis());
            }
            awaitOrLog("every new alert in out/", relay, () -> added.keySet().stream()
                    .allMatch(id -> arrivals.arrival(id) != null));
            Set<String> expected = new HashSet<>(backlog);
            expected.addAll(added.keySet());
            ExactlyOnce.assertHeld(expected, new DeliveredAlerts(home.resolve("out")).all(), "lines in out/");
            double[] latencies = added.entrySet().stream()
                    .mapToDouble(e -> Duration.between(e.getValue(), arrivals.arrival(e.getKey())).toMillis() / 1e3)
                    .sorted().toArray();
            return new Run(seconds(launched, token), seconds(launched, firstPoll), seconds(launched, firstDelivered),
                    latencies);
        }
    }

    private static void awaitOrLog(String what, RelayProcess relay, BooleanSupplier condition) {
        try {
            RelayHarness.await(what, INTERVAL.plus(MEASURED).plusSeconds(60), Duration.ofMillis(100), condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the relay said:\n" + relay.log(), e);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1e3;
    }

    private static void print(String name, List<Run> runs, ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).toArray();
        System.out.printf("%s: %.2f (median of %d runs: %s)%n", name, Median.of(values), values.length,
                Arrays.stream(values).mapToObj(v -> String.format("%.2f", v)).toList());
    }

    /** One run's figures, seconds from launch; {@code latencies} new-alert-to-sink of the trickle, sorted. */
    private record Run(double toToken, double toFirstPoll, double toFirstDelivered, double[] latencies) {
        double newToSink(double quantile) {
            return Median.quantile(latencies, quantile);
        }

        @Override
        public String toString() {
            return String.format("launch to token request %.2f s, to first poll %.2f s, to first alert in out/ %.2f s;"
                            + " %d new alerts, new-alert-to-sink p50 %.2f s, p99 %.2f s, max %.2f s", toToken,
                    toFirstPoll, toFirstDelivered, latencies.length, newToSink(0.5), newToSink(0.99),
                    newToSink(1.0));
        }
    }
}
