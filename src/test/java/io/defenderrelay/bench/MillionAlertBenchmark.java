package io.defenderrelay.bench;

import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 000 000-alert backfill through the real relay in a JVM of its own with {@value #HEAP} of heap
 * ({@link BackfillRelayRun}: the shipped routes, OCSF normalization, the fsyncing file sink), checked exactly once.
 * Every {@value #SAMPLE_EVERY} lines in out/ the relay's JVM is made to collect in full and its heap in use is printed
 * with its resident set: memory must be bounded by configuration (look-back, window size, page size), not by the
 * backlog read so far. The alerts are spread at the density of {@link BackfillBenchmark} (about 2 100 per hour), so
 * ten times the alerts is ten times the period, and the shipped look-back (10 min) is kept, so the relay's memory of
 * recent versions is exercised as it ships.
 * <p>
 * A collection also keeps whatever window is in flight at that moment (its page parsed, normalized and serialized:
 * single samples were up to 38 MiB above the others), and a backfill always has one in flight; so each sample is the
 * least of {@value #COLLECTIONS} full collections {@value #COLLECTION_GAP_MILLIS} ms apart, the floor that grows if the
 * relay keeps something per alert. Asserted: the run completes, every alert once, and the median of the second half
 * of the samples is at most {@value #MARGIN_MIB} MiB above the median of the first half. The two medians lie about
 * 500 000 alerts apart, so the margin fails a relay keeping more than ~30 bytes per alert delivered (a remembered
 * version id alone takes ~100), and stays above what a window still caught in flight and caches add.
 * <p>
 * Run: {@code mvn -B -o test -Pbench -Dtest=MillionAlertBenchmark} (-Dmillionbench.alerts=N for a shorter run; the
 * samples are then every N/10). A sample takes over a second (its collections); a relay that passes more than one
 * mark meanwhile, as in short runs, gets fewer samples, and at least {@value #MIN_SAMPLES} are required.
 * Output: target/surefire-reports/io.defenderrelay.bench.MillionAlertBenchmark-output.txt.
 */
@Tag("bench")
class MillionAlertBenchmark {
    private static final int ALERTS = Integer.getInteger("millionbench.alerts", 1_000_000);
    private static final int SAMPLE_EVERY = Math.min(100_000, Math.max(1, ALERTS / 10));
    private static final int ALERTS_PER_DAY = 50_000;
    private static final String HEAP = "256m";
    private static final double MARGIN_MIB = 16;
    private static final int COLLECTIONS = 5;
    /** Halves of at least two samples each. */
    private static final int MIN_SAMPLES = 4;
    private static final long COLLECTION_GAP_MILLIS = 250;
    private static final Duration EMPTY_BEFORE = Duration.ofHours(6);
    private static final long SEED = 20261203L;

    @TempDir
    Path dir;

    @Test
    void backfillsAMillionAlertsInA256MegabyteHeapWithFlatMemory() throws Exception {
        Duration spread = Duration.ofMinutes(Math.max(60, ALERTS * 1440L / ALERTS_PER_DAY));
        // the token outlives the run: one token request per run is part of what BackfillRelayRun checks
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED)
                .withTokenLifetime(Duration.ofHours(6)))) {
            SimTenant tenant = sim.tenant(BackfillBenchmark.TENANT);
            tenant.registerSecretApp(BackfillBenchmark.CLIENT_ID, BackfillBenchmark.SECRET);
            Instant now = Instant.now();
            tenant.alerts().generate(ALERTS, now.minus(spread), now.minusSeconds(5));
            Set<String> expected = Set.copyOf(tenant.alerts().ids());
            assertEquals(ALERTS, expected.size(), "the simulator holds distinct alerts");
            Instant backfillStart = now.minus(spread).minus(EMPTY_BEFORE).truncatedTo(ChronoUnit.SECONDS);

            HeapSamples samples = new HeapSamples();
            System.out.printf("MILLION %,d alerts over %.1f days, relay -Xmx%s in its own JVM, shipped look-back PT10M%n",
                    ALERTS, spread.toMinutes() / 1440.0, HEAP);
            BackfillRelayRun.Figures figures = new BackfillRelayRun(sim, tenant, expected, backfillStart)
                    .run(dir, new BackfillRelayRun.Setup(HEAP, Duration.ofMinutes(90), Map.of("relay.lookback", "PT10M"),
                            samples));

            System.out.printf("  load average %.2f at the end, %d cores%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  run: %.1f s = %,.0f alerts/s, CPU %.1f s; %s%n", figures.elapsed().toMillis() / 1e3,
                    figures.alertsPerSecond(ALERTS), figures.backfillCpu().toMillis() / 1e3, figures);
            List<Double> heap = samples.heapMib;
            assertTrue(heap.size() >= MIN_SAMPLES, "at least " + MIN_SAMPLES + " heap samples, one every "
                    + SAMPLE_EVERY + " at most: " + heap);
            double firstHalf = median(heap.subList(0, heap.size() / 2));
            double secondHalf = median(heap.subList(heap.size() / 2, heap.size()));
            System.out.printf("million.heap-after-gc-first-mib: %.1f%nmillion.heap-after-gc-last-mib: %.1f%n"
                            + "million.heap-after-gc-median-first-half-mib: %.1f%n"
                            + "million.heap-after-gc-median-second-half-mib: %.1f%n"
                            + "million.heap-after-gc-max-mib: %.1f%nmillion.rss-peak-mib: %.0f%n"
                            + "million.alerts-per-second: %.0f%nmillion.cpu-seconds-per-100k: %.1f%n",
                    heap.get(0), heap.get(heap.size() - 1), firstHalf, secondHalf,
                    heap.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), figures.peakResidentMib(),
                    figures.alertsPerSecond(ALERTS), figures.backfillCpu().toMillis() / 1e3 * 100_000 / ALERTS);
            assertTrue(secondHalf <= firstHalf + MARGIN_MIB, String.format("heap after collection flat: the samples"
                    + " %s MiB, median of the second half %.1f more than %.0f MiB above the first half's %.1f", heap,
                    secondHalf, MARGIN_MIB, firstHalf));
        }
    }

    private static double median(List<Double> values) {
        return Median.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Every {@value #SAMPLE_EVERY} lines: the relay JVM's heap in use after full collections, and its resident set. */
    private static final class HeapSamples implements BackfillRelayRun.Progress {
        private final List<Double> heapMib = new ArrayList<>();
        private final long started = System.nanoTime();
        private long next = SAMPLE_EVERY;

        @Override
        public void at(long written, AttachedJvm jvm) {
            if (written < next) {
                return;
            }
            double[] collections = new double[COLLECTIONS];
            try {
                for (int i = 0; i < COLLECTIONS; i++) {
                    Thread.sleep(i == 0 ? 0 : COLLECTION_GAP_MILLIS);
                    collections[i] = HeapWatch.afterFullCollectionMib(jvm.connection());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sampling the relay's heap", e);
            }
            double floor = Arrays.stream(collections).min().orElseThrow();
            heapMib.add(floor);
            System.out.printf("  %,9d alerts in out/ (%,d when sampled, %.0f s): heap after full GC %.1f MiB (least of"
                            + " %d; most %.1f), RSS %.0f MiB%n", next, written, (System.nanoTime() - started) / 1e9,
                    floor, COLLECTIONS, Arrays.stream(collections).max().orElseThrow(),
                    jvm.residentMib().orElse(Double.NaN));
            while (next <= written) {
                next += SAMPLE_EVERY;
            }
        }
    }
}
