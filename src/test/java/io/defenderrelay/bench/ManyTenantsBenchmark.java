package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.MBeanServerConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One relay (the real main in a JVM of its own, -Xmx512m) polling {@value #DEFAULT_TENANTS} tenants of one simulator,
 * each with its own app and secret, listed in a relay.tenants-file, while a trickle thread adds
 * {@value #TRICKLE_PER_SECOND} alerts a second to random tenants. Three tenants misbehave all along: one is throttled
 * (every request 429, Retry-After 30), one is slow (every request takes longer than the interval), one fails (every
 * request 503). Measured from outside: start-up to the first poll and to every tenant's first poll; polls per tenant
 * and the largest gap between a tenant's polls (from the simulator's request log: a poll is a burst of requests);
 * that the slow tenant's polls never overlap; the time from an alert becoming visible to the relay (its
 * lastUpdateDateTime + relay.ingestion-delay) to its line in out/; the relay JVM's threads (by name), heap after a
 * full collection and CPU. Fails unless every healthy tenant's trickle alert arrives, p99 within interval + 10 s.
 * <p>
 * Run: {@code mvn -B -o test -Pbench -Dtest=ManyTenantsBenchmark} (-Dmanytenants.count, .interval-seconds, .minutes).
 * The interval is 20 s instead of the usual 60 s to keep the run short: 3 times the poll rate of a 60 s interval.
 */
@Tag("bench")
class ManyTenantsBenchmark {
    private static final int DEFAULT_TENANTS = 1000;
    private static final int TENANTS = Integer.getInteger("manytenants.count", DEFAULT_TENANTS);
    private static final Duration INTERVAL = Duration.ofSeconds(Long.getLong("manytenants.interval-seconds", 20));
    private static final Duration MEASURED = Duration.ofMinutes(Long.getLong("manytenants.minutes", 3));
    /** relay.poll.threads: sized as application.properties says for a 20 s interval (3 x the polls of 60 s). */
    private static final int POLL_THREADS = Integer.getInteger("manytenants.poll-threads", 30);
    private static final Duration INGESTION_DELAY = Duration.ofSeconds(10);
    private static final Duration SLOW = INTERVAL.plusSeconds(5);
    private static final int TRICKLE_PER_SECOND = 5;
    private static final String HEAP = "512m";
    private static final long SEED = 20261129L;
    private static final int THROTTLED = 0;
    private static final int SLOW_TENANT = 1;
    private static final int FAILING = 2;

    @TempDir
    Path home;

    @Test
    void pollsAThousandTenantsEveryIntervalWithBoundedThreadsAndHeap() throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED)
                .withVisibilityDelay(INGESTION_DELAY))) {
            List<SimTenant> tenants = IntStream.range(0, TENANTS).mapToObj(i -> tenant(sim, i)).toList();
            tenants.get(THROTTLED).faults().sometimes(Fault.tooManyRequests("30"), 1.0);
            tenants.get(SLOW_TENANT).faults().sometimes(Fault.slow(SLOW), 1.0);
            tenants.get(FAILING).faults().sometimes(Fault.serviceUnavailable(null), 1.0);
            writeTenantsFile(tenants);
            Map<String, String> settings = RelayHarness.baseSettings(sim, home);
            settings.put("relay.tenants-file", "tenants.yaml");
            settings.put("relay.poll.interval", INTERVAL.toSeconds() + "s");
            settings.put("relay.poll.threads", String.valueOf(POLL_THREADS));
            settings.put("relay.ingestion-delay", INGESTION_DELAY.toString());
            settings.put("relay.lookback", "PT10M");
            settings.put("relay.backfill.start", "PT5M");
            settings.put("relay.graph.retry-delay-ms", "1000");
            settings.put("relay.graph.max-retry-delay-ms", "120000");

            Instant launched = Instant.now();
            try (RelayProcess relay = RelayProcess.start(home, settings, "-Xmx" + HEAP);
                 SinkArrivals arrivals = new SinkArrivals(home.resolve("out"))) {
                Instant firstPoll = awaitPolled(tenants.subList(0, 1), launched, relay);
                Instant everyTenantPolled = awaitPolled(tenants, launched, relay);
                try (AttachedJvm jvm = AttachedJvm.attach(relay.handle());
                     HeapWatch heap = HeapWatch.start(jvm.connection())) {
                    Map<String, Instant> added = new ConcurrentHashMap<>();
                    Instant from = Instant.now();
                    Duration cpuBefore = jvm.cpuTime();
                    try (Trickle trickle = new Trickle(tenants, TRICKLE_PER_SECOND, SEED, added)) {
                        Thread.sleep(MEASURED.toMillis());
                    }
                    Instant to = Instant.now();
                    Duration cpu = jvm.cpuTime().minus(cpuBefore);
                    List<String> healthy = added.keySet().stream().filter(id -> !faulty(tenants, id)).toList();
                    RelayHarness.await("every healthy tenant's trickle alert in out/", INTERVAL.plusSeconds(60),
                            () -> healthy.stream().allMatch(id -> arrivals.arrival(id) != null));
                    ThreadFigures threads = threads(jvm.connection());
                    double heapAfterGc = HeapWatch.afterFullCollectionMib(jvm.connection());
                    HeapWatch.HeapPeak peak = heap.stop();
                    Figures figures = new Figures(tenants, added, arrivals, from, to);
                    print(launched, firstPoll, everyTenantPolled, figures, threads, heapAfterGc, peak, cpu,
                            jvm.peakResidentMib().orElse(Double.NaN), relay);

                    assertEquals(0, figures.overlaps(), "the slow tenant's polls never overlap");
                    assertTrue(figures.minHealthyPolls() >= figures.expectedPolls() - 1,
                            "every tenant polled every interval: " + figures.minHealthyPolls());
                    assertTrue(figures.latency(0.99) <= INTERVAL.plusSeconds(10).toMillis() / 1e3,
                            "p99 visible-to-sink within interval + 10 s: " + figures.latency(0.99));
                    assertTrue(heapAfterGc <= 512, "heap after GC within 512 MB: " + heapAfterGc);
                    assertEquals(0, figures.delivered(tenants.get(THROTTLED)), "the throttled tenant got nothing through");
                }
            }
        }
    }

    private static SimTenant tenant(GraphSimulator sim, int i) {
        SimTenant tenant = sim.tenant(tenantId(i));
        tenant.registerSecretApp("app-" + i, "secret-" + i);
        tenant.faults().seed(SEED + i);
        return tenant;
    }

    private static String tenantId(int i) {
        return String.format("many-%04d", i);
    }

    private void writeTenantsFile(List<SimTenant> tenants) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            lines.addAll(List.of("- name: t" + i, "  tenant-id: " + tenantId(i), "  client-id: app-" + i,
                    "  client-secret: secret-" + i));
        }
        Files.createDirectories(home);
        Files.write(home.resolve("tenants.yaml"), lines);
    }

    private static boolean faulty(List<SimTenant> tenants, String alertId) {
        return IntStream.of(THROTTLED, SLOW_TENANT, FAILING).anyMatch(i -> tenants.get(i).alerts().contains(alertId));
    }

    /** Waits until each of {@code tenants} had an alerts_v2 request since launch. @return when the last had its first */
    private static Instant awaitPolled(List<SimTenant> tenants, Instant launched, RelayProcess relay) {
        Function<SimTenant, Instant> first = tenant -> tenant.requests().all().stream()
                .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS && !r.receivedAt().isBefore(launched))
                .map(RecordedRequest::receivedAt).findFirst().orElse(null);
        try {
            RelayHarness.await("the first poll of " + tenants.size() + " tenant(s)", Duration.ofMinutes(3),
                    Duration.ofMillis(200), () -> tenants.stream().allMatch(t -> first.apply(t) != null));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the relay said:\n" + relay.log(), e);
        }
        return tenants.stream().map(first).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** What the simulator and the sink saw of the measured period. */
    private static final class Figures {
        private final List<SimTenant> tenants;
        private final Map<String, Instant> added;
        private final SinkArrivals arrivals;
        private final Instant from;
        private final Instant to;
        private final double[] latencies;

        Figures(List<SimTenant> tenants, Map<String, Instant> added, SinkArrivals arrivals, Instant from, Instant to) {
            this.tenants = tenants;
            this.added = added;
            this.arrivals = arrivals;
            this.from = from;
            this.to = to;
            this.latencies = added.entrySet().stream().filter(e -> !faulty(tenants, e.getKey()))
                    .mapToDouble(e -> Duration.between(e.getValue().plus(INGESTION_DELAY),
                            arrivals.arrival(e.getKey())).toMillis() / 1e3).sorted().toArray();
        }

        long expectedPolls() {
            return Duration.between(from, to).toMillis() / INTERVAL.toMillis();
        }

        /** Starts of polls in the measured period: a request more than half an interval after the one before. */
        List<Instant> pollStarts(SimTenant tenant) {
            List<Instant> starts = new ArrayList<>();
            Instant previous = Instant.MIN;
            for (RecordedRequest request : tenant.requests().all()) {
                if (request.kind() != RecordedRequest.Kind.ALERTS) {
                    continue;
                }
                if (Duration.between(previous, request.receivedAt()).compareTo(INTERVAL.dividedBy(2)) > 0
                        && !request.receivedAt().isBefore(from) && !request.receivedAt().isAfter(to)) {
                    starts.add(request.receivedAt());
                }
                previous = request.receivedAt();
            }
            return starts;
        }

        List<Integer> healthy() {
            return IntStream.range(0, tenants.size()).filter(i -> i != THROTTLED && i != SLOW_TENANT && i != FAILING)
                    .boxed().toList();
        }

        long minHealthyPolls() {
            return healthy().stream().mapToLong(i -> pollStarts(tenants.get(i)).size()).min().orElse(0);
        }

        double[] pollsPerTenant() {
            return healthy().stream().mapToDouble(i -> pollStarts(tenants.get(i)).size()).sorted().toArray();
        }

        /** The largest gap between two polls of each healthy tenant, seconds, sorted. */
        double[] largestGaps() {
            return healthy().stream().mapToDouble(i -> {
                List<Instant> starts = pollStarts(tenants.get(i));
                return IntStream.range(1, starts.size())
                        .mapToDouble(k -> Duration.between(starts.get(k - 1), starts.get(k)).toMillis() / 1e3)
                        .max().orElse(Double.NaN);
            }).sorted().toArray();
        }

        /** Requests of the slow tenant received while its previous one was still being answered. */
        long overlaps() {
            List<Instant> times = tenants.get(SLOW_TENANT).requests().all().stream()
                    .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS).map(RecordedRequest::receivedAt).toList();
            return IntStream.range(1, times.size())
                    .filter(k -> Duration.between(times.get(k - 1), times.get(k)).compareTo(SLOW) < 0).count();
        }

        double latency(double quantile) {
            return Median.quantile(latencies, quantile);
        }

        long delivered(SimTenant tenant) {
            return added.keySet().stream().filter(id -> tenant.alerts().contains(id) && arrivals.arrival(id) != null)
                    .count();
        }

        long added(SimTenant tenant) {
            return added.keySet().stream().filter(id -> tenant.alerts().contains(id)).count();
        }

        long statusCount(SimTenant tenant, int status) {
            return tenant.requests().all().stream().filter(r -> r.kind() == RecordedRequest.Kind.ALERTS
                    && r.status() == status && !r.receivedAt().isBefore(from) && !r.receivedAt().isAfter(to)).count();
        }

        double slowTenantLatency() {
            SimTenant slow = tenants.get(SLOW_TENANT);
            return Median.quantile(added.entrySet().stream().filter(e -> slow.alerts().contains(e.getKey())
                            && arrivals.arrival(e.getKey()) != null)
                    .mapToDouble(e -> Duration.between(e.getValue().plus(INGESTION_DELAY), arrivals.arrival(e.getKey()))
                            .toMillis() / 1e3).sorted().toArray(), 0.5);
        }
    }

    /** The relay's live threads, grouped by name with digits as '#'. */
    private record ThreadFigures(int live, int peak, Map<String, Long> byName) {
    }

    private static ThreadFigures threads(MBeanServerConnection connection) throws IOException {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        Map<String, Long> byName = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(Objects::nonNull).map(ThreadInfo::getThreadName)
                .collect(Collectors.groupingBy(name -> name.replaceAll("\\d+", "#"), TreeMap::new, Collectors.counting()));
        return new ThreadFigures(threads.getThreadCount(), threads.getPeakThreadCount(), byName);
    }

    private static void print(Instant launched, Instant firstPoll, Instant everyTenantPolled, Figures figures,
                              ThreadFigures threads, double heapAfterGc, HeapWatch.HeapPeak peak, Duration cpu,
                              double rssMib, RelayProcess relay) {
        double[] polls = figures.pollsPerTenant();
        double[] gaps = figures.largestGaps();
        double minutes = Duration.between(figures.from, figures.to).toMillis() / 60_000.0;
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nMANY TENANTS: %d tenants, interval %d s, %d poll threads, %.1f min measured, %d alerts/s"
                        + " trickle, relay -Xmx%s in its own JVM%n", TENANTS, INTERVAL.toSeconds(), POLL_THREADS, minutes,
                TRICKLE_PER_SECOND, HEAP));
        out.append(String.format("  start-up: first poll %.1f s after launch, every tenant polled once %.1f s after launch%n",
                Duration.between(launched, firstPoll).toMillis() / 1e3,
                Duration.between(launched, everyTenantPolled).toMillis() / 1e3));
        out.append(String.format("  polls per healthy tenant: min %.0f / median %.0f / max %.0f (expected %d)%n",
                polls[0], Median.of(polls), polls[polls.length - 1], figures.expectedPolls()));
        out.append(String.format("  largest gap between a tenant's polls: p50 %.1f s / p99 %.1f s / max %.1f s%n",
                Median.quantile(gaps, 0.5), Median.quantile(gaps, 0.99), gaps[gaps.length - 1]));
        out.append(String.format("  visible-to-sink latency (healthy tenants, %d alerts): p50 %.1f s / p99 %.1f s / max %.1f s%n",
                figures.latencies.length, figures.latency(0.5), figures.latency(0.99), figures.latency(1.0)));
        SimTenant throttled = figures.tenants.get(THROTTLED);
        SimTenant slow = figures.tenants.get(SLOW_TENANT);
        SimTenant failing = figures.tenants.get(FAILING);
        out.append(String.format("  throttled tenant: %d x 429 (Retry-After 30), %d/%d of its alerts delivered%n",
                figures.statusCount(throttled, 429), figures.delivered(throttled), figures.added(throttled)));
        out.append(String.format("  slow tenant (%d s per request): %d polls, %d overlapping, %d/%d delivered, p50 %.1f s%n",
                SLOW.toSeconds(), figures.pollStarts(slow).size(), figures.overlaps(), figures.delivered(slow),
                figures.added(slow), figures.slowTenantLatency()));
        out.append(String.format("  failing tenant: %d x 503, %d/%d delivered%n", figures.statusCount(failing, 503),
                figures.delivered(failing), figures.added(failing)));
        out.append(String.format("  threads: %d live, %d peak%n", threads.live(), threads.peak()));
        threads.byName().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.append(String.format("    %4d %s%n", e.getValue(), e.getKey())));
        out.append(String.format("  heap: %.0f MiB after a full GC, %.0f MiB largest after a collection, %.0f MiB"
                + " largest before one; RSS peak %.0f MiB%n", heapAfterGc, peak.afterCollectionMib(),
                peak.beforeCollectionMib(), rssMib));
        out.append(String.format("  CPU: %.1f s in %.1f min (%.2f cores)%n", cpu.toMillis() / 1e3, minutes,
                cpu.toMillis() / 1e3 / (minutes * 60)));
        System.out.println(out);
        String log = relay.log();
        System.out.println("relay log lines: " + log.lines().count() + ", WARN lines: "
                + log.lines().filter(line -> line.contains(" WARN ")).count());
    }
}
