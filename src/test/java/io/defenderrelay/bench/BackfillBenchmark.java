package io.defenderrelay.bench;

import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 100 000-alert backfill through the real relay (application.properties and routes/ of this repository, OCSF
 * normalization, the fsyncing NDJSON file sink) in a JVM of its own ({@link BackfillRelayRun}), next to
 * {@link RawPaging}, the simplest reader of the same period; the simulator (Graph's limits: 1000 alerts per query,
 * $skip at most 500) stays in this JVM and serves both.
 * <p>
 * Both are timed from their token request (each makes exactly one) to their end: the relay's last line in out/, the
 * raw reader's last page parsed. The relay's start-up (JVM and Camel, launch to token request) is reported apart.
 * A warm-up round, then three measured rounds ({@code -Dbackfillbench.rounds}); relay and raw alternate which goes first, so neither always
 * meets a simulator the other has just warmed. Each run is checked (exactly the 100 000 ids, once each), so a broken
 * run fails instead of printing a figure. Prints medians and the ratio of the medians in a block starting with
 * {@code BACKFILL}; the relay's heap, CPU and RSS come from its own JVM, the raw reader's only figure is its time
 * (it shares this JVM with the simulator, and its JIT is warm after the first round while each relay JVM starts cold).
 * <p>
 * Run: {@code mvn -o test -Pbench -Dtest=BackfillBenchmark}. Output:
 * target/surefire-reports/io.defenderrelay.bench.BackfillBenchmark-output.txt.
 */
@Tag("bench")
class BackfillBenchmark {
    private static final int ALERTS = Integer.getInteger("backfillbench.alerts", 100_000);
    /** About 2 100 alerts per hour of lastUpdateDateTime: more than one query returns, so both must split. */
    private static final Duration SPREAD = Duration.ofDays(2);
    private static final Duration EMPTY_BEFORE = Duration.ofHours(6);
    private static final long SEED = 20261002L;
    private static final int ROUNDS = Integer.getInteger("backfillbench.rounds", 3);
    static final String TENANT = "bench-backfill";
    static final String CLIENT_ID = "relay-bench";
    static final String SECRET = "bench-secret";

    @TempDir
    Path dir;

    @Test
    void backfillsOneHundredThousandAlertsAndComparesWithRawPaging() throws Exception {
        Result result = measure(dir);
        if (!result.rounds().isEmpty()) { // -Dbackfillbench.rounds=0: the warm-up alone, e.g. to profile one relay run
            System.out.println(result.summary());
        }
    }

    /** The warm-up round and the measured rounds, each printed as it ends; {@code dir} takes the relay homes. */
    static Result measure(Path dir) throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED))) {
            SimTenant tenant = sim.tenant(TENANT);
            tenant.registerSecretApp(CLIENT_ID, SECRET);
            Instant now = Instant.now();
            tenant.alerts().generate(ALERTS, now.minus(SPREAD), now.minusSeconds(5));
            Set<String> expected = Set.copyOf(tenant.alerts().ids());
            assertEquals(ALERTS, expected.size(), "the simulator holds 100 000 distinct alerts");
            Instant backfillStart = now.minus(SPREAD).minus(EMPTY_BEFORE).truncatedTo(ChronoUnit.SECONDS);
            BackfillRelayRun relay = new BackfillRelayRun(sim, tenant, expected, backfillStart);
            RawPaging raw = new RawPaging(sim);
            double loadBefore = loadAverage();

            List<Round> measured = new ArrayList<>();
            for (int round = 0; round <= ROUNDS; round++) {
                BackfillRelayRun.Figures relayFigures = null;
                RawPaging.Result cold = null;
                RawPaging.Result warm = null;
                // each round starts with the next of the three, so none always meets a simulator another just warmed
                for (int turn = 0; turn < 3; turn++) {
                    switch ((round + turn) % 3) {
                        case 0 -> relayFigures = relay.run(dir.resolve("run-" + round));
                        case 1 -> cold = RawPaging.readInOwnJvm(sim, dir.resolve("raw-" + round), TENANT, CLIENT_ID,
                                SECRET, backfillStart, Instant.now());
                        default -> warm = raw.read(TENANT, CLIENT_ID, SECRET, backfillStart, Instant.now());
                    }
                }
                assertEquals(expected, cold.ids(), "the raw reader in its own JVM read exactly the 100 000 alerts");
                assertEquals(expected, warm.ids(), "the raw reader in this JVM read exactly the 100 000 alerts");
                Round result = new Round(round % 3, relayFigures, cold, warm);
                System.out.println((round == 0 ? "warm-up: " : "round " + round + ": ") + result);
                if (round > 0) {
                    measured.add(result);
                }
            }
            return new Result(measured, loadBefore, loadAverage());
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The measured rounds and the machine's load around them; every figure is a median over the rounds. */
    record Result(List<Round> rounds, double loadBefore, double loadAfter) {
        double relayAlertsPerSecond() {
            return median(r -> r.relay().alertsPerSecond(ALERTS));
        }

        /** The limit: the raw reader in a JVM of its own, cold like the relay's. */
        double rawAlertsPerSecond() {
            return median(r -> Round.alertsPerSecond(r.raw()));
        }

        /** The raw reader in this JVM, its JIT warm from the rounds before. */
        double warmRawAlertsPerSecond() {
            return median(r -> Round.alertsPerSecond(r.warmRaw()));
        }

        /** The relay's rate over the second half of its alerts, once its JIT compilers did most of their work. */
        double relaySecondHalfAlertsPerSecond() {
            return median(r -> r.relay().secondHalfAlertsPerSecond(ALERTS));
        }

        /** The relay JVM's CPU seconds per 100 000 alerts over that second half. */
        double secondHalfCpuSecondsPer100k() {
            return median(r -> r.relay().secondHalfCpu().toMillis() / 1e3 * 100_000 / (ALERTS - ALERTS / 2));
        }

        /** The relay JVM's CPU seconds (all threads, start-up excluded) per 100 000 alerts. */
        double cpuSecondsPer100k() {
            return median(r -> r.relay().backfillCpu().toMillis() / 1e3 * 100_000 / ALERTS);
        }

        double median(ToDoubleFunction<Round> figure) {
            return Median.of(rounds.stream().mapToDouble(figure).toArray());
        }

        String summary() {
            double relay = relayAlertsPerSecond();
            double raw = rawAlertsPerSecond();
            double warm = warmRawAlertsPerSecond();
            return String.join(System.lineSeparator(),
                    String.format("BACKFILL %,d alerts, medians of %d rounds: relay %,.0f alerts/s, raw paging %,.0f"
                            + " alerts/s (both in a JVM of their own), ratio of medians relay/raw %.2f; raw paging in"
                            + " the warm benchmark JVM %,.0f alerts/s, relay/that %.2f; relay over its second half"
                            + " %,.0f alerts/s (%.2f of raw, %.2f of warm raw), CPU %.1f s per 100 000 alerts", ALERTS,
                            rounds.size(), relay, raw, relay / raw, warm, relay / warm,
                            relaySecondHalfAlertsPerSecond(), relaySecondHalfAlertsPerSecond() / raw,
                            relaySecondHalfAlertsPerSecond() / warm, secondHalfCpuSecondsPer100k()),
                    String.format("  relay JVM (-Xmx%s " + String.join(" ", BackfillRelayRun.RECOMMENDED_JVM_OPTIONS)
                                    + ", its own process): CPU %.1f s per 100 000 alerts (start-up"
                                    + " excluded), peak heap %.0f MiB (sum of pool peaks since JVM start) / %.0f MiB"
                                    + " (before a collection) / %.0f MiB (after one), peak RSS %.0f MiB, peak threads"
                                    + " %.0f; start-up (launch to first token request) %.1f s, CPU %.1f s",
                            BackfillRelayRun.HEAP, cpuSecondsPer100k(),
                            median(r -> r.relay().heap().poolPeakSumMib()),
                            median(r -> r.relay().heap().beforeCollectionMib()),
                            median(r -> r.relay().heap().afterCollectionMib()),
                            median(r -> r.relay().peakResidentMib()),
                            median(r -> r.relay().peakThreads()),
                            median(r -> r.relay().startup().toMillis() / 1e3),
                            median(r -> r.relay().startupCpu().toMillis() / 1e3)),
                    String.format("  requests per run: relay %.0f alerts_v2 + %.0f token, raw %.0f (token included,"
                                    + " %.0f halvings of hourly windows); per-round ratios relay/raw %s, relay/warm raw"
                                    + " %s", median(r -> r.relay().alertRequests()),
                            median(r -> r.relay().tokenRequests()),
                            median(r -> r.raw().requests()), median(r -> r.raw().halvings()),
                            rounds.stream().map(r -> String.format("%.2f", r.ratio())).toList(),
                            rounds.stream().map(r -> String.format("%.2f", r.warmRatio())).toList()),
                    String.format("  %,d alerts over %d days, backfill from %d h before the first; relay, raw and warm"
                                    + " raw take turns to run first; the simulator runs in the test JVM; %d"
                                    + " cores, load average %.2f before, %.2f after", ALERTS, SPREAD.toDays(),
                            EMPTY_BEFORE.toHours(), Runtime.getRuntime().availableProcessors(), loadBefore,
                            loadAfter));
        }
    }

    /**
     * One round: which ran first (0 relay, 1 raw, 2 warm raw), the relay's figures, the raw reader's in its own JVM
     * and in this one.
     */
    record Round(int first, BackfillRelayRun.Figures relay, RawPaging.Result raw, RawPaging.Result warmRaw) {
        static double alertsPerSecond(RawPaging.Result raw) {
            return raw.ids().size() * 1e9 / raw.elapsed().toNanos();
        }

        double ratio() {
            return relay.alertsPerSecond(ALERTS) / alertsPerSecond(raw);
        }

        double warmRatio() {
            return relay.alertsPerSecond(ALERTS) / alertsPerSecond(warmRaw);
        }

        @Override
        public String toString() {
            return String.format("%s first; relay %.1f s = %,.0f alerts/s (%s); raw %.1f s = %,.0f alerts/s (%d"
                            + " requests), warm raw %.1f s = %,.0f alerts/s; ratio %.2f (to warm raw %.2f)",
                    List.of("relay", "raw", "warm raw").get(first), relay.elapsed().toMillis() / 1e3,
                    relay.alertsPerSecond(ALERTS), relay, raw.elapsed().toMillis() / 1e3, alertsPerSecond(raw),
                    raw.requests(), warmRaw.elapsed().toMillis() / 1e3, alertsPerSecond(warmRaw), ratio(), warmRatio());
        }
    }
}
