package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.EmbeddedOpenSearch;
import io.defenderrelay.testing.HecReceiver;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backfill of 200 000 simulator alerts through the real relay (application.properties and routes/ of this
 * repository) to each sink alone, in one JVM: (1) the NDJSON file sink, (2) Kafka (the in-JVM broker, a fresh topic
 * of 3 partitions), (3) OpenSearch {@code _bulk} (the embedded node, a fresh index), (4) a HEC receiver. For the
 * three others the file sink is disabled, and the SIEM rule takes every severity. The alerts' lastUpdateDateTime is
 * spread over the backfill period at about 2 000 per hour, so with Graph's limits (1000 alerts per query, $skip at
 * most 500) the relay must split every one-hour window.
 * <p>
 * Per sink: alerts/s from the relay's start to the moment the sink holds all alerts (file: lines in out/; Kafka:
 * records in the topic; OpenSearch: {@code count(index)}, asked every second since each count refreshes the index;
 * HEC: accepted events), then the exact check, which fails the benchmark rather than print a figure for a broken
 * run: file, exactly the alert ids, once each; Kafka, one record per alert with the alert ids as keys; OpenSearch,
 * exactly as many documents as alerts (each alert has one version, so one {@code _id} each); HEC, one accepted
 * event per alert whose {@code metadata.uid} names each alert. Before the measured round, a warm-up round of 5 000
 * alerts per sink starts the embedded servers and compiles the relay's code paths, so no sink pays for that.
 * Prints one block starting with {@code DELIVERY}, each figure also as a ratio to the file figure of the same run.
 * The receivers run in this JVM on the same cores as the relay, so each figure is the relay and its receiver together.
 * <p>
 * Run: {@code mvn -o test -Pbench -Dtest=DeliveryBenchmark} (the bench profile selects only {@code @Tag("bench")}
 * tests); {@code -Ddeliverybench.alerts=N} measures N alerts instead of 200 000. Output, with the relay's log:
 * target/surefire-reports/io.defenderrelay.bench.DeliveryBenchmark-output.txt. On this project's 2-core machine
 * 200 000 alerts took 17 minutes in all while the machine was otherwise quiet (half of it OpenSearch indexing in this
 * JVM), and 30 000 took 6 to 10 minutes beside other builds: over a quarter of an hour, use the property.
 */
@Tag("bench")
class DeliveryBenchmark {
    private static final int ALERTS = Integer.getInteger("deliverybench.alerts", 200_000);
    private static final int WARMUP_ALERTS = 5_000;
    /** Spread of lastUpdateDateTime per alert: 1.8 s, i.e. 2 000 alerts per one-hour window. */
    private static final Duration SPACING = Duration.ofMillis(1_800);
    private static final long SEED = 20261123L;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final String CLIENT_ID = "relay-bench";
    private static final String SECRET = "bench-secret";
    private static final String HEC_TOKEN = "bench-hec-token";
    private static final List<String> SINKS = List.of("file", "kafka", "opensearch", "hec");

    @TempDir
    Path dir;

    @Test
    void backfillsToEachSinkAndReportsAlertsPerSecond() throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withSeed(SEED))) {
            Backlog warmup = Backlog.generate(sim, "bench-warmup", WARMUP_ALERTS);
            Backlog measured = Backlog.generate(sim, "bench-delivery", ALERTS);
            for (String sink : SINKS) {
                Duration elapsed = run(sim, warmup, sink, dir.resolve("warmup-" + sink));
                System.out.printf("warm-up %s: %,d alerts in %.1f s%n", sink, WARMUP_ALERTS, elapsed.toMillis() / 1e3);
            }
            double loadBefore = loadAverage();
            Map<String, Duration> elapsed = new LinkedHashMap<>();
            for (String sink : SINKS) {
                elapsed.put(sink, run(sim, measured, sink, dir.resolve(sink)));
                System.out.printf("%s: %,d alerts in %.1f s%n", sink, ALERTS, elapsed.get(sink).toMillis() / 1e3);
            }
            System.out.println(summary(elapsed, loadBefore, loadAverage()));
        }
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

    /** One backfill of all alerts to one sink: @return relay start to every alert held by the sink. */
    private static Duration run(GraphSimulator sim, Backlog backlog, String sink, Path runDir) throws IOException {
        Map<String, String> settings = RelayHarness.secretTenant(sim, runDir, "bench", backlog.tenant().tenantId(),
                CLIENT_ID, SECRET);
        settings.put("relay.backfill.start", backlog.backfillStart().toString());
        Set<String> expected = backlog.ids();
        try (Target target = target(sink, runDir)) {
            settings.putAll(target.settings());
            long start = System.nanoTime();
            RelayHarness relay = RelayHarness.start(runDir, settings);
            Duration elapsed;
            try {
                RelayHarness.await(expected.size() + " alerts at " + sink, RUN_TIMEOUT, target.pollPeriod(),
                        () -> target.held() >= expected.size());
                elapsed = Duration.ofNanos(System.nanoTime() - start);
            } finally {
                relay.close();
            }
            target.assertHoldsExactly(expected, relay);
            return elapsed;
        }
    }

    private static Target target(String sink, Path runDir) throws IOException {
        return switch (sink) {
            case "file" -> new FileTarget(new OutputLines(runDir.resolve("out")));
            case "kafka" -> KafkaTarget.freshTopic(EmbeddedKafka.instance());
            case "opensearch" -> new OpenSearchTarget(EmbeddedOpenSearch.instance(), "alerts-" + UUID.randomUUID());
            case "hec" -> new HecTarget(HecReceiver.startCounting(HEC_TOKEN));
            default -> throw new IllegalArgumentException("no benchmark target for sink " + sink);
        };
    }

    /** One sink under test: how the relay is pointed at it, how much it holds so far, and the exact final check. */
    private interface Target extends AutoCloseable {
        Map<String, String> settings();

        /** Alerts the sink holds so far; cheap, since it is asked while the relay runs. */
        long held();

        default Duration pollPeriod() {
            return Duration.ofMillis(50);
        }

        /** Fails unless the sink holds exactly the expected alerts. */
        void assertHoldsExactly(Set<String> expected, RelayHarness relay);

        @Override
        default void close() {
        }
    }

    private record FileTarget(OutputLines lines) implements Target {
        @Override
        public Map<String, String> settings() {
            return Map.of();
        }

        @Override
        public long held() {
            try {
                return lines.count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, RelayHarness relay) {
            assertExactlyOnce(expected, relay.delivered(), "lines in out/");
        }
    }

    private record KafkaTarget(EmbeddedKafka kafka, String topic, EmbeddedKafka.RecordCount records)
            implements Target {
        static KafkaTarget freshTopic(EmbeddedKafka kafka) {
            String topic = "alerts-" + UUID.randomUUID();
            kafka.createTopic(topic, 3);
            return new KafkaTarget(kafka, topic, kafka.recordCount(topic));
        }

        @Override
        public Map<String, String> settings() {
            return alone(Map.of("relay.sink.kafka.enabled", "true",
                    "relay.sink.kafka.brokers", kafka.bootstrapServers(),
                    "relay.sink.kafka.topic", topic));
        }

        @Override
        public long held() {
            return records.get();
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, RelayHarness relay) {
            List<String> keys = new ArrayList<>(expected.size());
            kafka.readAll(topic, Duration.ofMinutes(2), record -> keys.add(record.key()));
            assertExactlyOnce(expected, keys, "record keys in topic " + topic);
        }

        @Override
        public void close() {
            records.close();
        }
    }

    private record OpenSearchTarget(EmbeddedOpenSearch search, String index) implements Target {
        @Override
        public Map<String, String> settings() {
            return siem(Map.of("relay.sink.siem.format", "bulk",
                    "relay.sink.siem.url", search.httpUrl() + "/_bulk",
                    "relay.sink.siem.index", index));
        }

        @Override
        public long held() {
            return search.count(index);
        }

        /** Each count refreshes the index, which costs the node being measured. */
        @Override
        public Duration pollPeriod() {
            return Duration.ofSeconds(1);
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, RelayHarness relay) {
            assertEquals(expected.size(), search.count(index),
                    "documents in index " + index + " (one _id per alert version, each alert has one version)");
        }

        @Override
        public void close() {
            search.deleteIndex(index);
        }
    }

    private record HecTarget(HecReceiver hec) implements Target {
        @Override
        public Map<String, String> settings() {
            return siem(Map.of("relay.sink.siem.url", hec.eventUrl(), "relay.sink.siem.token", HEC_TOKEN));
        }

        @Override
        public long held() {
            return hec.acceptedCount();
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, RelayHarness relay) {
            Set<String> uids = hec.distinctUids();
            assertEquals(hec.acceptedCount(), uids.size(), "HEC accepted no event twice");
            // metadata.uid is "<alert id>@<lastUpdateDateTime>"
            List<String> alertIds = uids.stream().map(uid -> uid.substring(0, uid.indexOf('@'))).toList();
            assertExactlyOnce(expected, alertIds, "alerts in HEC events' metadata.uid");
        }

        @Override
        public void close() {
            hec.close();
        }
    }

    /** The given sink settings, with the file and SIEM sinks off unless they turn them on. */
    private static Map<String, String> alone(Map<String, String> sinkSettings) {
        Map<String, String> settings = new HashMap<>(Map.of("relay.sink.file.enabled", "false",
                "relay.sink.siem.enabled", "false"));
        settings.putAll(sinkSettings);
        return settings;
    }

    /** The SIEM sink alone, taking every severity. */
    private static Map<String, String> siem(Map<String, String> siemSettings) {
        Map<String, String> settings = new HashMap<>(siemSettings);
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.min-severity", "");
        return alone(settings);
    }

    /** Exactly the expected ids, each once: a broken run must fail, not produce a figure. */
    private static void assertExactlyOnce(Set<String> expected, Collection<String> held, String what) {
        Map<String, Long> counts = held.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new HashSet<>(counts.keySet());
        unexpected.removeAll(expected);
        long repeated = counts.values().stream().filter(n -> n > 1).count();
        assertTrue(missing.isEmpty() && unexpected.isEmpty() && repeated == 0,
                what + ": " + held.size() + " held for " + expected.size() + " alerts; " + missing.size()
                        + " missing (e.g. " + missing.stream().limit(3).toList() + "), " + unexpected.size()
                        + " unexpected (e.g. " + unexpected.stream().limit(3).toList() + "), " + repeated
                        + " more than once");
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String summary(Map<String, Duration> elapsed, double loadBefore, double loadAfter) {
        Map<String, Double> rates = new LinkedHashMap<>();
        elapsed.forEach((sink, time) -> rates.put(sink, ALERTS * 1e9 / time.toNanos()));
        double file = rates.get("file");
        return String.join(System.lineSeparator(),
                "DELIVERY " + ALERTS + " alerts: " + rates.entrySet().stream()
                        .map(rate -> String.format("%s %,.0f/s", rate.getKey(), rate.getValue()))
                        .collect(Collectors.joining(", ")),
                "  ratio to file: " + rates.entrySet().stream()
                        .map(rate -> String.format("%s %.2f", rate.getKey(), rate.getValue() / file))
                        .collect(Collectors.joining(", ")),
                "  elapsed (relay start to all held): " + elapsed.entrySet().stream()
                        .map(time -> String.format("%s %.1f s", time.getKey(), time.getValue().toMillis() / 1e3))
                        .collect(Collectors.joining(", ")),
                String.format("  %d alerts at 2 000 per hour of lastUpdateDateTime, at most 1000 per Graph query;"
                                + " one run per sink after a %,d-alert warm-up per sink; %d cores, load average"
                                + " %.2f before, %.2f after", ALERTS, WARMUP_ALERTS,
                        Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
    }
}
