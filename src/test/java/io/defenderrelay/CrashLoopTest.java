package io.defenderrelay;

import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real relay in a JVM of its own, killed with SIGKILL at 20 seeded moments of a 50 000-alert backfill (a bulk
 * instant, Graph faults, alerts updated while it pages) and started again each time: at the end every alert's final
 * version is in the files and in Kafka, no line is torn, and the checkpoint always parsed. Long: run with -Plong.
 */
@Tag("long")
class CrashLoopTest {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyKillsLoseNothingAndTearNothing() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant();
        Instant now = Instant.now();
        tenant.alerts().generate(47_000, now.minus(Duration.ofDays(3)), now.minusSeconds(30));
        Instant bulk = now.minus(Duration.ofHours(20));
        tenant.alerts().generateAt(3_000, bulk, bulk.minus(Duration.ofHours(1)));
        tenant.faults().seed(12);
        tenant.faults().sometimes(Fault.tooManyRequests("0.05"), 0.05);
        tenant.faults().sometimes(Fault.partial("microsoftDefenderForOffice365"), 0.03);
        AtomicBoolean updating = new AtomicBoolean(true);
        tenant.faults().onPageServed(page -> {
            if (updating.get()) {
                tenant.alerts().updateRandom(1, Instant.now());
            }
        });
        String topic = "crash-" + UUID.randomUUID();
        EmbeddedKafka.instance().createTopic(topic, 3);
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "P4D");
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", EmbeddedKafka.instance().bootstrapServers());
        settings.put("relay.sink.kafka.topic", topic);
        Path home = dir.resolve("home");
        DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
        SplittableRandom random = new SplittableRandom(20261129);
        FileCheckpointStore checkpoints = new FileCheckpointStore(dir.resolve("state"));
        for (int kill = 1; kill <= KILLS; kill++) {
            int before = out.all().size();
            RelayProcess relay = RelayProcess.start(home, settings);
            // from the middle of start-up to well into the backfill
            sleep(Duration.ofMillis(1_500 + random.nextInt(6_000)));
            relay.kill();
            assertDoesNotThrow(() -> checkpoints.load("t1"), "the checkpoint parses after kill " + kill);
            System.out.printf("kill %2d: %6d event lines so far (+%d)%n", kill, out.all().size(), out.all().size() - before);
        }
        try (RelayProcess relay = RelayProcess.start(home, settings)) {
            await("every alert delivered", Duration.ofMinutes(5), Duration.ofSeconds(1), () -> out.ids().size() == 50_000);
            updating.set(false);
            var finalVersions = tenant.alerts().ids().stream()
                    .map(id -> id + "@" + tenant.alerts().get(id).path("lastUpdateDateTime").asText())
                    .collect(Collectors.toSet());
            await("every final version in the files", Duration.ofMinutes(2), Duration.ofSeconds(1),
                    () -> out.versions().containsAll(finalVersions));
            await("every final version in Kafka", Duration.ofMinutes(2), Duration.ofSeconds(2),
                    () -> kafkaVersions(topic).containsAll(finalVersions));
        }
        assertNoTornLine(dir.resolve("out"));
        long lines = out.all().size();
        long versions = out.versions().size();
        System.out.printf("%d kills: %d event lines for %d distinct versions: %d duplicates, %.0f per kill%n", KILLS,
                lines, versions, lines - versions, (lines - versions) / (double) KILLS);
    }

    private static java.util.Set<String> kafkaVersions(String topic) {
        java.util.Set<String> versions = new HashSet<>();
        EmbeddedKafka.instance().readAll(topic, Duration.ofSeconds(10), record ->
                versions.add(assertDoesNotThrow(() -> Json.mapper().readTree(record.value())).path("metadata").path("uid").asText()));
        return versions;
    }

    /** Every line of every output file is whole JSON, and every file ends with a newline. */
    private static void assertNoTornLine(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n', file + " ends inside a line");
                for (String line : Files.readAllLines(file)) {
                    assertDoesNotThrow(() -> Json.mapper().readTree(line), () -> "torn line in " + file);
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
