package io.defenderrelay;

import io.defenderrelay.graph.Checkpoint;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.GraphTime;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.KafkaVersions;
import io.defenderrelay.testing.RelayProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real relay (the fat jar under -Plong) in a JVM of its own, delivering a live trickle of alerts to files, Kafka
 * and a HEC receiver while one fault after another hits it: Graph throttling, 503 bursts, connections cut mid-body,
 * responses stalling past the read timeout, the token endpoint down for 2 minutes, the Kafka broker down for 60 s,
 * the SIEM answering 503 for 60 s, the file sink's disk full (a 64 MB tmpfs of the relay's own, mounted through an
 * unprivileged user namespace, filled up) until space is freed. A sampler reads the checkpoint four times a second
 * and checks that every alert it says was delivered is in all three sinks as they were at that moment. Each fault
 * must end with every alert in every sink, the checkpoint never ahead and the process up; prints one table.
 * Long: run with -Plong (about 9 minutes).
 */
@Tag("long")
class FaultMatrixTest {
    private static final String TOKEN = "hec-token-matrix";
    private static final String POLL_FAILED = "poll stopped, checkpoint kept";

    @TempDir
    Path dir;

    /** What a scenario does to the relay's world while the trickle goes on; returns once the fault is over. */
    private interface Injection {
        void during() throws Exception;
    }

    private record Row(String fault, int expected, int file, int kafka, int siem, long missing, long dupFile,
                       long dupKafka, long dupSiem, boolean neverAhead, int samples, boolean up, long pollsFailed,
                       String firstReport, Duration took) {
    }

    private final SimTenant tenant = RelayHarness.newSecretTenant();
    private final EmbeddedKafka kafka = EmbeddedKafka.instance();
    /** The trickle stamps alerts with the time, then stores them: one stamped this close to a window's end may have
     * been stored after the relay read that far (the look-back catches it next poll), so the check leaves it out. */
    private static final Duration STAMP_TO_STORE = Duration.ofSeconds(2);
    private final List<String> aheadSamples = new ArrayList<>();
    private final AtomicInteger samples = new AtomicInteger();

    @Test
    void everyFaultEndsWithEveryAlertDeliveredTheCheckpointNeverAheadAndTheProcessUp() throws Exception {
        String topic = "matrix-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1M");
        settings.put("relay.poll.interval", "1s");
        settings.put("relay.lookback", "PT2M"); // the trickle's alerts are stamped a moment before they are stored
        settings.put("relay.graph.endpoint", "https://graph.microsoft.com/v1.0/security/alerts_v2"
                + "?throwExceptionOnFailure=true&connectTimeout=5000&responseTimeout=3000");
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", kafka.bootstrapServers());
        settings.put("relay.sink.kafka.topic", topic);
        settings.put("relay.sink.kafka.delivery-timeout-ms", "20000");
        settings.put("relay.sink.kafka.request-timeout-ms", "5000");
        try (HecReceiver hec = HecReceiver.start(TOKEN)) {
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.min-severity", "");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", TOKEN);
            settings.put("relay.sink.siem.retries", "3");
            settings.put("relay.sink.siem.retry-delay-ms", "200");
            settings.put("relay.sink.siem.max-retry-delay-ms", "2000");
            // the relay gets a mount namespace of its own with a 64 MB tmpfs on out/, which the test reaches via /proc
            List<String> tinyDisk = List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                    "mount -t tmpfs -o size=64m tmpfs \"$0\" && exec \"$@\"", out.toString());
            try (RelayProcess relay = RelayProcess.startPackaged(dir.resolve("home"), settings, tinyDisk, "-Xmx512m");
                 KafkaVersions inKafka = new KafkaVersions(kafka, topic)) {
                Path relayOut = Path.of("/proc/" + relay.handle().pid() + "/root").resolve(out.toString().substring(1));
                await("the relay's own out/", Duration.ofMinutes(1), () -> relay.log().contains("started in"));
                Sinks sinks = new Sinks(new DeliveredAlerts(relayOut), inKafka, hec);
                FileCheckpointStore checkpoints = new FileCheckpointStore(dir.resolve("state"));
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleWithFixedDelay(() -> sample(checkpoints, sinks), 250, 250, TimeUnit.MILLISECONDS);
                List<Row> rows = new ArrayList<>();
                try {
                    rows.add(run("Graph 429 on half the calls, Retry-After 0-2 s", relay, sinks,
                            () -> {
                                tenant.faults().seed(429);
                                // 1/8 each: together half the calls
                                tenant.faults().sometimes(Fault.tooManyRequests("0"), 1 / 8.0);
                                tenant.faults().sometimes(Fault.tooManyRequests("0.5"), 1 / 7.0);
                                tenant.faults().sometimes(Fault.tooManyRequests("1"), 1 / 6.0);
                                tenant.faults().sometimes(Fault.tooManyRequests("2"), 1 / 5.0);
                                Thread.sleep(30_000);
                            }));
                    rows.add(run("Graph 503 bursts of 3, 6 and 10 calls", relay, sinks, () -> {
                        for (int burst : new int[] {3, 6, 10}) {
                            tenant.faults().enqueue(Fault.serviceUnavailable(null).times(burst));
                            Thread.sleep(10_000);
                        }
                    }));
                    rows.add(run("Graph connection cut mid-body, 30 % of calls", relay, sinks,
                            () -> {
                                tenant.faults().seed(30);
                                tenant.faults().sometimes(Fault.cutMidBody(), 0.3);
                                Thread.sleep(30_000);
                            }));
                    rows.add(run("Graph stalls 5 s > 3 s read timeout, 20 % of calls", relay, sinks, () -> {
                                tenant.faults().seed(20);
                                tenant.faults().sometimes(Fault.slow(Duration.ofSeconds(5)), 0.2);
                                Thread.sleep(30_000);
                            }));
                    rows.add(run("token endpoint down 2 min (tokens revoked)", relay, sinks,
                            () -> {
                                tenant.tokenEndpointDown(true);
                                tenant.revokeTokens();
                                try {
                                    Thread.sleep(120_000);
                                } finally {
                                    tenant.tokenEndpointDown(false);
                                }
                            }));
                    rows.add(run("Kafka broker down 60 s", relay, sinks, () -> {
                        kafka.stopBroker();
                        try {
                            Thread.sleep(60_000);
                        } finally {
                            kafka.startBroker();
                        }
                    }));
                    rows.add(run("SIEM answers 503 for 60 s", relay, sinks, () -> {
                        hec.busyFor(Duration.ofSeconds(60));
                        Thread.sleep(60_000);
                    }));
                    rows.add(run("file sink's disk full 30 s, then space freed", relay, sinks,
                            () -> {
                                Path filler = relayOut.resolve("filler");
                                fill(filler);
                                try {
                                    Thread.sleep(30_000);
                                } finally {
                                    Files.delete(filler);
                                }
                            }));
                } finally {
                    sampler.shutdownNow();
                    sampler.awaitTermination(10, TimeUnit.SECONDS);
                    tenant.alerts().stopLiveFeed();
                }
                print(rows);
                assertAll(rows.stream().map(row -> () -> {
                    assertEquals(0, row.missing(), row.fault() + ": alerts missing");
                    assertTrue(row.neverAhead(), row.fault() + ": the checkpoint was ahead of delivery: " + aheadSamples);
                    assertTrue(row.up(), row.fault() + ": the relay process died");
                }));
            }
        }
    }

    /** What the three sinks hold: the file sink's lines through /proc, the topic as followed, the HEC's events. */
    private record Sinks(DeliveredAlerts file, KafkaVersions kafka, HecReceiver siem) {
        Map<String, Integer> siemCounts() {
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode event : siem.events()) {
                counts.merge(event.path("metadata").path("uid").asText(), 1, Integer::sum);
            }
            return counts;
        }

        Map<String, Integer> fileCounts() {
            Map<String, Integer> counts = new HashMap<>();
            // DeliveredAlerts keeps alert ids per line; the trickle never updates an alert, so an id is a version
            file.all().forEach(id -> counts.merge(id, 1, Integer::sum));
            return counts;
        }
    }

    private Row run(String name, RelayProcess relay, Sinks sinks, Injection fault) throws Exception {
        int aheadBefore = aheadSamples.size();
        int samplesBefore = samples.get();
        int logBefore = relay.log().length();
        Instant started = Instant.now();
        int firstAlert = tenant.alerts().size();
        tenant.alerts().startLiveFeed(Duration.ofMillis(250), 5);
        try {
            fault.during();
        } finally {
            tenant.faults().clear();
            tenant.alerts().stopLiveFeed();
        }
        List<String> all = tenant.alerts().versions();
        Set<String> versions = new HashSet<>(all.subList(firstAlert, all.size()));
        List<String> ids = versions.stream().map(version -> version.substring(0, version.indexOf('@'))).toList();
        try {
            await(name + ": every alert in every sink", Duration.ofMinutes(3), Duration.ofMillis(500),
                    () -> sinks.file().ids().containsAll(ids) && sinks.kafka().versions().containsAll(versions)
                            && sinks.siem().distinctUids().containsAll(versions));
        } catch (AssertionError e) {
            System.out.println(e.getMessage());
        }
        Duration took = Duration.between(started, Instant.now());
        Map<String, Integer> file = sinks.fileCounts();
        Set<String> kafkaVersions = sinks.kafka().versions();
        Map<String, Integer> siem = sinks.siemCounts();
        int inFile = (int) ids.stream().filter(file::containsKey).count();
        int inKafka = (int) versions.stream().filter(kafkaVersions::contains).count();
        int inSiem = (int) versions.stream().filter(siem::containsKey).count();
        long missing = 3L * ids.size() - inFile - inKafka - inSiem;
        List<String> reports = relay.log().substring(logBefore).lines().filter(line -> line.contains(POLL_FAILED))
                .map(line -> line.substring(line.indexOf(POLL_FAILED) + POLL_FAILED.length() + 2)).toList();
        return new Row(name, ids.size(), inFile, inKafka, inSiem, missing,
                ids.stream().mapToLong(id -> Math.max(0, file.getOrDefault(id, 0) - 1)).sum(),
                sinks.kafka().duplicates(versions),
                versions.stream().mapToLong(v -> Math.max(0, siem.getOrDefault(v, 0) - 1)).sum(),
                aheadSamples.size() == aheadBefore, samples.get() - samplesBefore, relay.isAlive(), reports.size(),
                reports.isEmpty() ? "" : reports.get(0), took);
    }

    /**
     * One sample: the alerts Graph holds, the checkpoint, then what each sink held right after it was read. Every alert
     * stamped before its windowEnd (outside windows Graph answered partially) must be in all three; the topic counts as
     * of its end offsets at that moment. A sample the broker cannot answer (it is down) is skipped.
     */
    private void sample(FileCheckpointStore checkpoints, Sinks sinks) {
        try {
            List<String> made = tenant.alerts().versions();
            Optional<Checkpoint> checkpoint = checkpoints.load("t1");
            if (checkpoint.isEmpty()) {
                return;
            }
            Set<String> file = sinks.file().ids();
            Set<String> siem = sinks.siem().distinctUids();
            Map<TopicPartition, Long> ends;
            try {
                ends = sinks.kafka().endOffsets(Duration.ofSeconds(2));
            } catch (RuntimeException brokerDown) {
                return;
            }
            await("the topic read to its end", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> sinks.kafka().reached(ends));
            Set<String> topic = sinks.kafka().versionsBefore(ends);
            Checkpoint c = checkpoint.get();
            Instant promisedBefore = c.windowEnd().minus(STAMP_TO_STORE);
            long ahead = made.stream()
                    .filter(version -> {
                        Instant lastUpdate = GraphTime.parse(version.substring(version.indexOf('@') + 1));
                        return lastUpdate.isBefore(promisedBefore) && c.incomplete().stream()
                                .noneMatch(w -> !lastUpdate.isBefore(w.start()) && lastUpdate.isBefore(w.end()));
                    })
                    .filter(version -> !file.contains(version.substring(0, version.indexOf('@')))
                            || !topic.contains(version) || !siem.contains(version))
                    .count();
            samples.incrementAndGet();
            if (ahead > 0) {
                synchronized (aheadSamples) {
                    aheadSamples.add("checkpoint " + c.windowEnd() + " with " + ahead + " alerts before it not delivered");
                }
            }
        } catch (RuntimeException | AssertionError e) {
            synchronized (aheadSamples) {
                aheadSamples.add("sample failed: " + e);
            }
        }
    }

    /** Writes zeros until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream stream = Files.newOutputStream(filler)) {
            while (true) {
                stream.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void print(List<Row> rows) {
        String format = "%-52s %8s %17s %7s %17s %15s %3s %8s %6s%n";
        System.out.printf(format, "fault", "expected", "delivered f/k/s", "missing", "duplicates f/k/s",
                "ckpt ahead", "up", "failed", "took");
        for (Row row : rows) {
            System.out.printf(format, row.fault(), row.expected(), row.file() + "/" + row.kafka() + "/" + row.siem(),
                    row.missing(), row.dupFile() + "/" + row.dupKafka() + "/" + row.dupSiem(),
                    (row.neverAhead() ? "never" : "AHEAD") + " (" + row.samples() + ")", row.up() ? "yes" : "NO",
                    row.pollsFailed() + " polls", row.took().toSeconds() + " s");
        }
        System.out.println("(f/k/s = file/Kafka/SIEM; ckpt ahead: checkpoint samples checked against the sinks; failed:"
                + " polls the relay reported as failed, the first report of each:)");
        rows.stream().filter(row -> !row.firstReport().isEmpty())
                .forEach(row -> System.out.println("  " + row.fault() + ": " + row.firstReport()));
    }
}
