package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.bench.HeapWatch.HeapPeak;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.RelayProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One backfill by the real relay main in a JVM of its own (RelayProcess), measured from outside: time from its token
 * request to its last line in out/, its start-up apart, CPU and heap of its JVM ({@link AttachedJvm}), and the
 * requests the simulator saw from it. Fails unless exactly the expected alerts arrive, once each.
 */
final class BackfillRelayRun {
    static final String HEAP = "512m";
    /** The JVM options README ("Polling a real tenant", step 3) recommends besides the heap. */
    static final List<String> RECOMMENDED_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-XX:FreqInlineSize=100");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    /** Extra options for the relay's JVM, e.g. -XX:StartFlightRecording=filename=/tmp/relay.jfr to profile it. */
    private static final String JVM_OPTIONS = System.getProperty("backfillbench.relay-jvm-options", "");

    private final GraphSimulator sim;
    private final SimTenant tenant;
    private final Set<String> expected;
    private final Instant backfillStart;

    BackfillRelayRun(GraphSimulator sim, SimTenant tenant, Set<String> expected, Instant backfillStart) {
        this.sim = sim;
        this.tenant = tenant;
        this.expected = expected;
        this.backfillStart = backfillStart;
    }

    Figures run(Path home) throws IOException {
        return run(home, Setup.DEFAULT);
    }

    Figures run(Path home, Setup setup) throws IOException {
        Map<String, String> settings = RelayHarness.secretTenant(sim, home, "bench", BackfillBenchmark.TENANT,
                BackfillBenchmark.CLIENT_ID, BackfillBenchmark.SECRET);
        settings.put("relay.backfill.start", backfillStart.toString());
        settings.putAll(setup.settings());
        OutputLines lines = new OutputLines(home.resolve("out"));
        Instant launched = Instant.now();
        Figures figures;
        try (RelayProcess relay = RelayProcess.start(home, settings, jvmOptions(setup.heap(), JVM_OPTIONS))) {
            Instant start = RunStart.firstTokenRequest(tenant.requests(), launched);
            try (AttachedJvm jvm = AttachedJvm.attach(relay.handle());
                 HeapWatch heap = HeapWatch.start(jvm.connection())) {
                Duration startupCpu = jvm.cpuTime();
                Halfway halfway = awaitHeld(relay, jvm, "lines in out/", expected.size(), setup.timeout(),
                        Duration.ofMillis(50), () -> {
                            long written = count(lines);
                            setup.progress().at(written, jvm);
                            return written;
                        });
                Instant end = Instant.now();
                List<RecordedRequest> requests = tenant.requests().all().stream()
                        .filter(r -> !r.receivedAt().isBefore(launched) && !r.receivedAt().isAfter(end)).toList();
                Duration cpu = jvm.cpuTime();
                figures = new Figures(Duration.between(start, end), Duration.between(launched, start), startupCpu,
                        cpu.minus(startupCpu), Duration.between(halfway.at, end), cpu.minus(halfway.cpu), heap.stop(),
                        jvm.peakResidentMib().orElse(Double.NaN),
                        jvm.peakThreads(),
                        count(requests, RecordedRequest.Kind.ALERTS), count(requests, RecordedRequest.Kind.TOKEN));
                assertTrue(requests.stream().allMatch(r -> r.status() == 200), "no Graph error or limit was hit");
            }
        }
        ExactlyOnce.assertHeld(expected, new DeliveredAlerts(home.resolve("out")).all(), "lines in the relay's out/");
        assertEquals(1, figures.tokenRequests(), "the relay holds its token: one token request per run");
        return figures;
    }

    /** -Xmx{@code heap}, the recommended options, then {@code extra} (space-separated, may be blank). */
    static String[] jvmOptions(String heap, String extra) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        options.addAll(RECOMMENDED_JVM_OPTIONS);
        options.addAll(Arrays.stream(extra.split(" ")).filter(o -> !o.isBlank()).toList());
        return options.toArray(String[]::new);
    }

    /**
     * Waits until {@code held} (asked every {@code period}) reaches {@code expected}, noting when half was held;
     * fails with the relay's log when that takes longer than {@code timeout} or the relay JVM ends first.
     */
    static Halfway awaitHeld(RelayProcess relay, AttachedJvm jvm, String what, long expected, Duration timeout,
                             Duration period, LongSupplier held) {
        Halfway halfway = new Halfway();
        try {
            RelayHarness.await(expected + " " + what, timeout, period, () -> {
                long now = held.getAsLong();
                if (halfway.at == null && now * 2 >= expected) {
                    halfway.at = Instant.now();
                    halfway.cpu = jvm.cpuTime();
                }
                return now >= expected || !relay.isAlive();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the relay said:\n" + relay.log(), e);
        }
        assertTrue(relay.isAlive(), "the relay JVM ended early:\n" + relay.log());
        return halfway;
    }

    /** When half the alerts were held, and the relay's CPU time then. */
    static final class Halfway {
        private Instant at;
        private Duration cpu;

        Instant at() {
            return at;
        }
    }

    /** A run's relay heap (-Xmx), how long it may take, settings added to the bench tenant's, what watches it. */
    record Setup(String heap, Duration timeout, Map<String, String> settings, Progress progress) {
        static final Setup DEFAULT = new Setup(HEAP, RUN_TIMEOUT, Map.of(), (written, jvm) -> {
        });
    }

    /** Told the lines in out/ so far, each time they are counted (every 50 ms), with the relay's JVM to measure. */
    @FunctionalInterface
    interface Progress {
        void at(long written, AttachedJvm jvm);
    }

    private static long count(List<RecordedRequest> requests, RecordedRequest.Kind kind) {
        return requests.stream().filter(r -> r.kind() == kind).count();
    }

    private static long count(OutputLines lines) {
        try {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One relay run: token request to last line; launch to token request; the JVM's CPU during start-up and during
     * the backfill; the second half of the alerts' time and CPU (the JIT compilers done with most of their work);
     * its heap, peak RSS and peak live threads; its alerts_v2 and token requests.
     */
    record Figures(Duration elapsed, Duration startup, Duration startupCpu, Duration backfillCpu, Duration secondHalf,
                   Duration secondHalfCpu, HeapPeak heap, double peakResidentMib, int peakThreads, long alertRequests,
                   long tokenRequests) {
        double alertsPerSecond(int alerts) {
            return alerts * 1e9 / elapsed.toNanos();
        }

        /** The rate of the second half of the alerts (from the moment half were in out/). */
        double secondHalfAlertsPerSecond(int alerts) {
            return (alerts - alerts / 2) * 1e9 / secondHalf.toNanos();
        }

        @Override
        public String toString() {
            return String.format("second half %.1f s (CPU %.1f s), start-up %.1f s, CPU %.1f s + %.1f s start-up,"
                            + " heap %.0f/%.0f/%.0f MiB"
                            + " (pool peaks/before/after GC), RSS %.0f MiB, %d threads, %d alerts_v2 + %d token requests",
                    secondHalf.toMillis() / 1e3, secondHalfCpu.toMillis() / 1e3, startup.toMillis() / 1e3,
                    backfillCpu.toMillis() / 1e3, startupCpu.toMillis() / 1e3,
                    heap.poolPeakSumMib(), heap.beforeCollectionMib(), heap.afterCollectionMib(), peakResidentMib,
                    peakThreads, alertRequests, tokenRequests);
        }
    }
}
