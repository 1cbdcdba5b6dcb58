package io.defenderrelay;

import io.defenderrelay.graph.Checkpoint;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.CrashPoint;
import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.KafkaVersions;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real relay (the fat jar under -Plong) in a JVM of its own, killed with SIGKILL 20 times during a 50 000-alert
 * backfill (a 3 000-alert bulk instant, Graph answering 429 and 206 now and then, alerts updated while it pages) with
 * the file and Kafka sinks, and started again each time. Each kill is aimed: the relay is started with
 * {@link CrashPoint} set to pause at the n-th time it reaches a step (a page read, an alert normalized, a file write
 * before its fsync, a Kafka record handed to the producer, a checkpoint written but not yet renamed), steps and n
 * drawn from a seeded generator, and is killed there. After each kill the checkpoint parses and is not ahead of what
 * both sinks hold; at the end every alert's final version is in the files and in the topic (read in full) and no line
 * is torn. Prints the crash line and the duplicates each kill caused. Long: run with -Plong.
 */
@Tag("long")
class CrashLoopTest {

    private static final int KILLS = 20;
    private static final int ALERTS = 50_000;
    /** Each step gets KILLS / size kills, at the n-th time (1..bound) a run reaches it: the bounds spread 20 runs over the backfill. */
    private static final Map<String, Integer> STEPS = new LinkedHashMap<>();
    /** The relay's line per delivered window (observe.RelayMetrics): how many alerts it read. */
    private static final Pattern WINDOW_READ = Pattern.compile("window .*: (\\d+) read, \\d+ new, delivered");

    static {
        STEPS.put("page", 8);
        STEPS.put("normalize", 2_500);
        STEPS.put("file", 5);
        STEPS.put("kafka", 2_500);
        STEPS.put("checkpoint", 5);
    }

    @TempDir
    Path dir;

    private record Kill(String at, Instant checkpoint, long fileLines, long fileVersions, long kafkaRecords,
                        long kafkaVersions) {
    }

    @Test
    void twentyKillsLoseNothingAndTearNothing() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant now = Instant.now();
        tenant.alerts().generate(ALERTS - 3_000, now.minus(Duration.ofDays(3)), now.minusSeconds(30));
        Instant bulk = now.minus(Duration.ofHours(20));
        tenant.alerts().generateAt(3_000, bulk, bulk.minus(Duration.ofHours(1)));
        tenant.faults().seed(12);
        tenant.faults().sometimes(Fault.tooManyRequests("0.05"), 0.05);
        tenant.faults().sometimes(Fault.partial("microsoftDefenderForOffice365"), 0.03);
        AtomicBoolean updating = new AtomicBoolean(true);
        AtomicLong updates = new AtomicLong();
        tenant.faults().onPageServed(page -> {
            if (updating.get()) {
                tenant.alerts().updateRandom(1, Instant.now());
                updates.incrementAndGet();
            }
        });
        String topic = "crash-" + UUID.randomUUID();
        EmbeddedKafka kafka = EmbeddedKafka.instance();
        kafka.createTopic(topic, 3);
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "P4D");
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", kafka.bootstrapServers());
        settings.put("relay.sink.kafka.topic", topic);
        Path home = dir.resolve("home");
        DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
        FileCheckpointStore checkpoints = new FileCheckpointStore(dir.resolve("state"));
        List<Kill> kills = new ArrayList<>();
        int largestWindow = 0;
        try (KafkaVersions inKafka = new KafkaVersions(kafka, topic)) {
            for (String at : aims(new SplittableRandom(20261129))) {
                try (RelayProcess relay = RelayProcess.startPackaged(home, settings, List.of(), "-Xmx768m",
                        "-D" + CrashPoint.PROPERTY + "=" + at)) {
                    relay.awaitLog(CrashPoint.PAUSED + at, Duration.ofMinutes(3));
                    relay.kill();
                    largestWindow = Math.max(largestWindow, largestWindow(relay.log()));
                }
                Optional<Checkpoint> checkpoint = assertDoesNotThrow(() -> checkpoints.load("t1"),
                        "the checkpoint parses after the kill at " + at);
                // everything acknowledged before the kill is before the topic's end offsets now
                var ends = inKafka.endOffsets(Duration.ofSeconds(30));
                await("the topic read to its end", Duration.ofSeconds(30), Duration.ofMillis(100),
                        () -> inKafka.reached(ends));
                Set<String> files = out.versions();
                Set<String> topicVersions = inKafka.versionsBefore(ends);
                checkpoint.ifPresent(c -> assertNotAhead(tenant, c, files, topicVersions, at));
                kills.add(new Kill(at, checkpoint.map(Checkpoint::windowEnd).orElse(null), out.all().size(),
                        files.size(), inKafka.records(), topicVersions.size()));
                Kill kill = kills.get(kills.size() - 1);
                System.out.printf("kill %2d at %-15s checkpoint %s, file %6d lines (%6d versions), kafka %6d records "
                        + "(%6d versions)%n", kills.size(), at, kill.checkpoint(), kill.fileLines(), kill.fileVersions(),
                        kill.kafkaRecords(), kill.kafkaVersions());
            }
            Set<String> finalVersions;
            try (RelayProcess relay = RelayProcess.startPackaged(home, settings, List.of(), "-Xmx768m")) {
                await("every alert delivered", Duration.ofMinutes(5), Duration.ofSeconds(1),
                        () -> out.ids().size() == ALERTS);
                updating.set(false);
                finalVersions = Set.copyOf(tenant.alerts().versions());
                await("every final version in the files and the topic", Duration.ofMinutes(2), Duration.ofSeconds(1),
                        () -> out.versions().containsAll(finalVersions) && inKafka.versions().containsAll(finalVersions));
                largestWindow = Math.max(largestWindow, largestWindow(relay.log()));
            }
            Set<String> topicVersions = new HashSet<>();
            long topicRecords = kafka.readAll(topic, Duration.ofMinutes(1), record -> topicVersions.add(assertDoesNotThrow(
                    () -> Json.mapper().readTree(record.value())).path("metadata").path("uid").asText()));
            long fileLines = out.all().size();
            Set<String> fileVersions = out.versions();
            long fileDuplicates = fileLines - fileVersions.size();
            long kafkaDuplicates = topicRecords - topicVersions.size();
            long missingFile = finalVersions.stream().filter(v -> !fileVersions.contains(v)).count();
            long missingKafka = finalVersions.stream().filter(v -> !topicVersions.contains(v)).count();
            int torn = tornLines(dir.resolve("out"));
            List<long[]> again = deliveredAgain(kills, new Kill("end", null, fileLines, fileVersions.size(),
                    topicRecords, topicVersions.size()));
            for (int k = 0; k < KILLS; k++) {
                System.out.printf("kill %2d at %-15s: delivered again afterwards: file %4d, kafka %4d%n", k + 1,
                        kills.get(k).at(), again.get(k)[0], again.get(k)[1]);
            }
            System.out.printf("%d alerts, %d updated while paging; launched from the %s; largest window %d alert versions%n",
                    ALERTS, updates.get(), RelayProcess.launchedFromJar() ? "fat jar" : "test class path", largestWindow);
            String duplicates = fileDuplicates == kafkaDuplicates
                    ? "duplicates " + fileDuplicates + " (" + perKill(fileDuplicates) + " per kill)"
                    : "duplicates file " + fileDuplicates + " (" + perKill(fileDuplicates) + " per kill), kafka "
                    + kafkaDuplicates + " (" + perKill(kafkaDuplicates) + " per kill)";
            System.out.printf("crash: %d kills, %d alerts, missing %d, torn %d, %s%n", KILLS, ALERTS,
                    missingFile + missingKafka, torn, duplicates);
            long worstRun = again.stream().mapToLong(a -> Math.max(a[0], a[1])).max().orElse(0);
            int window = largestWindow;
            assertAll(
                    () -> assertEquals(0, missingFile, "final versions missing from the files"),
                    () -> assertEquals(0, missingKafka, "final versions missing from the topic"),
                    () -> assertEquals(0, torn, "torn lines"),
                    () -> assertTrue(worstRun <= window, "a kill caused " + worstRun + " duplicates in one sink, more"
                            + " than the largest window (" + window + " alert versions)"));
        }
    }

    /** KILLS aims "step@n": each step equally often, in a seeded order, each at a seeded n. */
    private static List<String> aims(SplittableRandom random) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            steps.add(new ArrayList<>(STEPS.keySet()).get(i % STEPS.size()));
        }
        Collections.shuffle(steps, new java.util.Random(random.nextLong()));
        return steps.stream().map(step -> step + "@" + (1 + random.nextInt(STEPS.get(step)))).toList();
    }

    /**
     * The checkpoint says every alert updated before its windowEnd (outside windows Graph answered partially) was
     * acknowledged: each such alert's current version must be in both sinks. The relay is dead, so Graph stands still.
     */
    private static void assertNotAhead(SimTenant tenant, Checkpoint checkpoint, Set<String> files, Set<String> topic,
                                       String at) {
        List<String> missing = new ArrayList<>();
        for (String version : tenant.alerts().versions()) {
            Instant lastUpdate = GraphTime.parse(version.substring(version.indexOf('@') + 1));
            boolean promised = lastUpdate.isBefore(checkpoint.windowEnd()) && checkpoint.incomplete().stream()
                    .noneMatch(w -> !lastUpdate.isBefore(w.start()) && lastUpdate.isBefore(w.end()));
            if (promised && !(files.contains(version) && topic.contains(version))) {
                missing.add(version);
            }
        }
        assertTrue(missing.isEmpty(), "after the kill at " + at + " the checkpoint (" + checkpoint.windowEnd()
                + ") is ahead of delivery: " + missing.size() + " versions before it are missing, e.g. "
                + missing.subList(0, Math.min(3, missing.size())));
    }

    private static int largestWindow(String log) {
        Matcher matcher = WINDOW_READ.matcher(log);
        int largest = 0;
        while (matcher.find()) {
            largest = Math.max(largest, Integer.parseInt(matcher.group(1)));
        }
        return largest;
    }

    /**
     * What each kill cost, per sink: the lines (records) the run after it added minus the new versions it added, i.e.
     * what it delivered again. Run k+1 starts where kill k left off, so its duplicates are kill k's.
     */
    private static List<long[]> deliveredAgain(List<Kill> kills, Kill end) {
        List<long[]> again = new ArrayList<>();
        for (int k = 0; k < kills.size(); k++) {
            Kill kill = kills.get(k);
            Kill next = k + 1 < kills.size() ? kills.get(k + 1) : end;
            again.add(new long[] {
                next.fileLines() - kill.fileLines() - (next.fileVersions() - kill.fileVersions()),
                next.kafkaRecords() - kill.kafkaRecords() - (next.kafkaVersions() - kill.kafkaVersions())});
        }
        return again;
    }

    private static String perKill(long duplicates) {
        return String.format("%.1f", duplicates / (double) KILLS);
    }

    /** Lines of the NDJSON files that are not whole JSON, plus files that end inside a line. */
    private static int tornLines(Path out) throws IOException {
        int torn = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                    torn++;
                }
                for (String line : Files.readAllLines(file)) {
                    try {
                        Json.mapper().readTree(line);
                    } catch (IOException e) {
                        torn++;
                    }
                }
            }
        }
        return torn;
    }
}
