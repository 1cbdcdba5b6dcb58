package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.auth.GraphTokenProvider;
import io.defenderrelay.bench.HeapWatch.HeapPeak;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100 000-alert backfill through the real relay (application.properties and routes/ of this repository, OCSF
 * normalization, the fsyncing NDJSON file sink) against the simulator with Graph's limits ($top 1000, $skip 500),
 * next to a reference in the same run: the very alerts_v2 requests the relay made, replayed on one thread with
 * Jackson parsing only ({@link RawPaging}). Per repetition it measures the relay's alerts/s from its first request
 * (the poll's token request) to the moment all 100 000 lines are in out/, then asserts that exactly the 100 000 ids
 * arrived, once each; and the peak heap of the JVM (relay and simulator share it; see {@link HeapWatch}).
 * One warm-up, then three measured repetitions; prints medians in one block starting with {@code BACKFILL}.
 * Run: {@code mvn -o test -Pbench -Dtest=BackfillBenchmark} (the bench profile selects only {@code @Tag("bench")}
 * tests, which the default build excludes; without -Pbench this class is filtered out and surefire reports that
 * no test ran). Output: target/surefire-reports/io.defenderrelay.bench.BackfillBenchmark-output.txt.
 */
@Tag("bench")
class BackfillBenchmark {
    private static final int ALERTS = 100_000;
    /**
     * The alerts' lastUpdateDateTime spreads over the two days before now: about 2 100 per one-hour window, more
     * than one Graph query may return, so the relay must split every window. The backfill starts 6 h earlier.
     */
    private static final Duration SPREAD = Duration.ofDays(2);
    private static final String BACKFILL = "P2DT6H";
    private static final long SEED = 20261002L;
    private static final int WARMUPS = 1;
    private static final int REPETITIONS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final String TENANT = "bench-backfill";
    private static final String CLIENT_ID = "relay-bench";
    private static final String SECRET = "bench-secret";

    @TempDir
    Path dir;

    @Test
    void backfillsOneHundredThousandAlertsAndComparesWithRawPaging() throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED))) {
            SimTenant tenant = sim.tenant(TENANT);
            tenant.registerSecretApp(CLIENT_ID, SECRET);
            Instant now = Instant.now();
            tenant.alerts().generate(ALERTS, now.minus(SPREAD), now.minusSeconds(5));
            Set<String> expected = Set.copyOf(tenant.alerts().ids());
            assertEquals(ALERTS, expected.size(), "the simulator holds 100 000 distinct alerts");
            URI base = URI.create(sim.baseUrl());
            GraphTokenProvider tokens = new GraphTokenProvider(TENANT, TENANT, CLIENT_ID,
                    GraphTokenProvider.secret(SECRET), base, base, sim.clientSslContext(), Duration.ofSeconds(30));
            RawPaging raw = new RawPaging(sim);
            double loadBefore = loadAverage();

            List<Repetition> measured = new ArrayList<>();
            for (int run = 0; run < WARMUPS + REPETITIONS; run++) {
                RelayRun relay = runRelay(sim, tenant, dir.resolve("run-" + run), expected);
                RawRun reference = runRaw(raw, relay.requests(), tokens.accessToken(), expected);
                Repetition repetition = new Repetition(relay, reference);
                System.out.println((run < WARMUPS ? "warm-up " : "repetition ") + (run + 1) + ": " + repetition);
                if (run >= WARMUPS) {
                    measured.add(repetition);
                }
            }
            System.out.println(summary(measured, loadBefore, loadAverage()));
        }
    }

    private RelayRun runRelay(GraphSimulator sim, SimTenant tenant, Path runDir, Set<String> expected) {
        Map<String, String> settings = RelayHarness.secretTenant(sim, runDir, "bench", TENANT, CLIENT_ID, SECRET);
        settings.put("relay.backfill.start", BACKFILL);
        settings.put("relay.dead-letter.dir", runDir.resolve("out").toString());
        tenant.requests().clear();
        OutputLines lines = new OutputLines(runDir.resolve("out"));
        RelayHarness relay;
        Instant end;
        HeapPeak heap;
        try (HeapWatch watch = HeapWatch.start()) {
            relay = RelayHarness.start(runDir, settings);
            try {
                RelayHarness.await(ALERTS + " lines in out/", RUN_TIMEOUT, () -> count(lines) >= ALERTS);
                end = Instant.now();
                heap = watch.stop();
            } finally {
                relay.close();
            }
        }
        assertExactly(expected, relay.delivered(), "the relay's out/");
        List<RecordedRequest> requests = tenant.requests().all();
        Instant start = requests.stream().map(RecordedRequest::receivedAt).min(Instant::compareTo).orElseThrow();
        List<RecordedRequest> alertRequests = requests.stream()
                .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS && !r.receivedAt().isAfter(end))
                .toList();
        assertTrue(alertRequests.stream().noneMatch(r -> r.status() != 200), "no Graph error or limit was hit");
        return new RelayRun(Duration.between(start, end), heap, alertRequests);
    }

    private static RawRun runRaw(RawPaging raw, List<RecordedRequest> requests, String token, Set<String> expected)
            throws IOException, InterruptedException {
        RawPaging.Result result;
        HeapPeak heap;
        try (HeapWatch watch = HeapWatch.start()) {
            result = raw.replay(requests, token);
            heap = watch.stop();
        }
        assertExactly(expected, result.ids(), "the raw replay");
        return new RawRun(result.elapsed(), heap);
    }

    private static long count(OutputLines lines) {
        try {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly the expected ids, each once: a broken run must fail, not produce a figure. */
    private static void assertExactly(Set<String> expected, Collection<String> delivered, String where) {
        Set<String> distinct = new HashSet<>(delivered);
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(distinct);
        distinct.removeAll(expected);
        assertTrue(missing.isEmpty() && distinct.isEmpty() && delivered.size() == expected.size(),
                where + ": " + delivered.size() + " alerts, " + missing.size() + " of the " + expected.size()
                        + " expected ids missing (e.g. " + missing.stream().limit(3).toList() + "), "
                        + distinct.size() + " unexpected ids (e.g. " + distinct.stream().limit(3).toList() + ")");
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String summary(List<Repetition> runs, double loadBefore, double loadAfter) {
        return String.join(System.lineSeparator(),
                String.format("BACKFILL %d alerts: relay median %,.0f alerts/s, raw paging median %,.0f alerts/s,"
                                + " ratio %.2f; peak heap median %.0f MiB",
                        ALERTS, median(runs, r -> r.relay().alertsPerSecond()),
                        median(runs, r -> r.raw().alertsPerSecond()), median(runs, Repetition::ratio),
                        median(runs, r -> r.relay().heap().poolPeakSumMib())),
                String.format("  ratio = median of the per-repetition relay/raw ratios; peak heap = sum of the heap"
                                + " pools' peaks during the relay run (JVM shared with the simulator, -Xmx2g);"
                                + " max sampled heap used every 100 ms: median %.0f MiB; max heap in use right after"
                                + " a collection: median %.0f MiB; raw replay's peak heap: median %.0f MiB",
                        median(runs, r -> r.relay().heap().sampledMaxMib()),
                        median(runs, r -> r.relay().heap().afterCollectionMib()),
                        median(runs, r -> r.raw().heap().poolPeakSumMib())),
                String.format("  %d alerts over %d days, backfill %s, at most 1000 alerts per query; %d warm-up"
                                + " + %d measured repetitions; %d cores, load average %.2f before, %.2f after",
                        ALERTS, SPREAD.toDays(), BACKFILL, WARMUPS, REPETITIONS,
                        Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
    }

    private static double median(List<Repetition> runs, ToDoubleFunction<Repetition> figure) {
        return Median.of(runs.stream().mapToDouble(figure).toArray());
    }

    /** The relay's part of a repetition: first request to last line, its heap, and the alerts_v2 requests it made. */
    private record RelayRun(Duration elapsed, HeapPeak heap, List<RecordedRequest> requests) {
        double alertsPerSecond() {
            return ALERTS * 1e9 / elapsed.toNanos();
        }
    }

    private record RawRun(Duration elapsed, HeapPeak heap) {
        double alertsPerSecond() {
            return ALERTS * 1e9 / elapsed.toNanos();
        }
    }

    private record Repetition(RelayRun relay, RawRun raw) {
        double ratio() {
            return relay.alertsPerSecond() / raw.alertsPerSecond();
        }

        @Override
        public String toString() {
            return String.format("relay %.1f s = %,.0f alerts/s (%d alerts_v2 requests, heap peaks %.0f MiB pools /"
                            + " %.0f MiB sampled / %.0f MiB after GC); raw replay %.1f s = %,.0f alerts/s"
                            + " (heap %.0f MiB); ratio %.2f",
                    relay.elapsed().toMillis() / 1e3, relay.alertsPerSecond(), relay.requests().size(),
                    relay.heap().poolPeakSumMib(), relay.heap().sampledMaxMib(), relay.heap().afterCollectionMib(),
                    raw.elapsed().toMillis() / 1e3, raw.alertsPerSecond(), raw.heap().poolPeakSumMib(), ratio());
        }
    }
}
