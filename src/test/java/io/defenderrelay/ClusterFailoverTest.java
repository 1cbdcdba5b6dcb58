package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.KafkaVersions;
import io.defenderrelay.testing.RelayProcess;
import io.defenderrelay.testing.TestHttp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three relays in cluster mode, each the real relay (the fat jar under -Plong) in a JVM of its own, sharing 30 tenants
 * of the simulator through the in-JVM Kafka broker, with the Kafka and file sinks, while alerts are backfilled and
 * updated. Two start, a third joins; then one instance at a time is killed with SIGKILL (5 times, seeded) and started
 * again; then one is paused with SIGSTOP past the session timeout and resumed. Each step waits for the group to settle
 * with every tenant polled by exactly one instance, balanced ±1 (as the instances' health reports them). At the end
 * every alert's final version is in the topic and the files, a read_committed consumer sees each version exactly once,
 * and no tenant's checkpoint ever moved backwards in the checkpoint topic. Prints the failover times and the
 * duplicates a read_uncommitted consumer sees. Long: run with -Plong.
 */
@Tag("long")
class ClusterFailoverTest {
    private static final int TENANTS = 30;
    private static final int ALERTS_PER_TENANT = 1_000;
    private static final int KILLS = 5;
    private static final Duration SESSION = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    private record Instance(String name, Path home, int port, Map<String, String> settings) {
        RelayProcess start() {
            return RelayProcess.startPackaged(home, settings, List.of(), "-Xmx384m");
        }
    }

    @Test
    void tenantsMoveOnKillsAndPausesWithEveryVersionCommittedOnce() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.instance();
        String group = "failover-" + UUID.randomUUID();
        String topic = group + "-alerts";
        kafka.createTopic(topic, 3);
        List<SimTenant> tenants = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < TENANTS; i++) {
            SimTenant tenant = RelayHarness.newSecretTenant();
            tenant.alerts().generate(ALERTS_PER_TENANT, now.minus(Duration.ofDays(2)), now.minusSeconds(5));
            tenants.add(tenant);
        }
        List<Instance> instances = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Path home = dir.resolve(name);
            Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), dir);
            for (int i = 0; i < TENANTS; i++) {
                RelayHarness.addSecretTenant(settings, i, String.format("t%02d", i), tenants.get(i));
            }
            int port = FreePort.pick();
            settings.putAll(Map.of("relay.backfill.start", "P3D", "relay.poll.max-window", "PT2H",
                    "relay.state.dir", home.resolve("state").toString(),
                    "relay.sink.file.dir", home.resolve("out").toString(),
                    "relay.dead-letter.dir", home.resolve("dead").toString(),
                    "relay.cluster.enabled", "true", "relay.cluster.group", group,
                    "relay.cluster.session-timeout", SESSION.toSeconds() + "s",
                    "camel.management.enabled", "true", "camel.management.port", String.valueOf(port)));
            settings.putAll(Map.of("relay.sink.kafka.enabled", "true", "relay.sink.kafka.brokers", kafka.bootstrapServers(),
                    "relay.sink.kafka.topic", topic, "relay.poll.threads", "4"));
            instances.add(new Instance(name, home, port, settings));
        }
        SplittableRandom random = new SplittableRandom(20261129);
        SplittableRandom updateRandom = random.split();
        AtomicBoolean updating = new AtomicBoolean(true);
        Thread updates = new Thread(() -> {
            while (updating.get()) {
                tenants.get(updateRandom.nextInt(TENANTS)).alerts().updateRandom(1, Instant.now());
                sleep(Duration.ofMillis(100));
            }
        }, "alert-updates");
        updates.setDaemon(true);

        Map<String, RelayProcess> running = new LinkedHashMap<>();
        List<Long> failovers = new ArrayList<>();
        String pausedLog;
        try (KafkaVersions committed = new KafkaVersions(kafka, topic)) {
            updates.start();
            running.put("a", instances.get(0).start());
            running.put("b", instances.get(1).start());
            awaitBalanced(instances, running, "two instances");
            running.put("c", instances.get(2).start());
            Duration joined = awaitBalanced(instances, running, "a third instance joining");
            System.out.printf("cluster: a joining instance took its share after %d ms%n", joined.toMillis());

            for (int kill = 1; kill <= KILLS; kill++) {
                sleep(Duration.ofMillis(2_000 + random.nextInt(4_000)));
                String victim = List.copyOf(running.keySet()).get(random.nextInt(running.size()));
                running.remove(victim).kill();
                Duration failover = awaitBalanced(instances, running, "the others after killing " + victim);
                failovers.add(failover.toMillis());
                System.out.printf("cluster: kill %d of instance %s: its tenants resumed elsewhere after %d ms%n", kill,
                        victim, failover.toMillis());
                running.put(victim, instances.get(victim.charAt(0) - 'a').start());
                awaitBalanced(instances, running, "instance " + victim + " back");
            }

            String sleeper = "b";
            long pid = running.get(sleeper).handle().pid();
            signal("STOP", pid);
            Map<String, RelayProcess> awake = new LinkedHashMap<>(running);
            awake.remove(sleeper);
            Duration takenOver = awaitBalanced(instances, awake, "the others while " + sleeper + " is paused");
            System.out.printf("cluster: a paused instance's tenants resumed elsewhere after %d ms%n", takenOver.toMillis());
            sleep(SESSION);
            signal("CONT", pid);
            awaitBalanced(instances, running, "instance " + sleeper + " resumed");
            pausedLog = running.get(sleeper).log();

            Set<String> finalVersions = new HashSet<>();
            updating.set(false);
            updates.join();
            tenants.forEach(tenant -> finalVersions.addAll(tenant.alerts().versions()));
            await("every final version committed in the topic", Duration.ofMinutes(5), Duration.ofSeconds(1),
                    () -> committed.versions().containsAll(finalVersions));
            await("every final version in some instance's files", Duration.ofMinutes(2), Duration.ofSeconds(1),
                    () -> fileVersions(instances).containsAll(finalVersions));
            long committedDuplicates = committed.duplicates(committed.versions());
            long uncommittedDuplicates = uncommittedDuplicates(kafka, topic);
            Set<String> files = fileVersions(instances);
            long fileDuplicates = fileLines(instances) - files.size();
            List<String> regressions = checkpointRegressions(kafka, group + ".checkpoints");
            boolean fencedSaid = pausedLog.contains("fenced") || pausedLog.contains("lost its membership");
            long[] sorted = failovers.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("cluster: %d tenants, %d alert versions, failover after kill -9: median %d ms (%s), session"
                    + " timeout %d s; duplicates read_committed %d, read_uncommitted %d, files %d; paused instance said"
                    + " it was fenced: %s%n", TENANTS, finalVersions.size(), sorted[sorted.length / 2],
                    Arrays.toString(sorted), SESSION.toSeconds(), committedDuplicates, uncommittedDuplicates,
                    fileDuplicates, fencedSaid);
            assertAll(
                    () -> assertEquals(0, committedDuplicates, "versions a read_committed consumer saw twice"),
                    () -> assertEquals(List.of(), regressions, "checkpoints that moved backwards"),
                    () -> assertTrue(fencedSaid, "the paused instance said it lost its tenants"),
                    () -> assertTrue(sorted[sorted.length / 2] < SESSION.multipliedBy(3).toMillis(),
                            "median failover within three session timeouts"));
        } finally {
            updating.set(false);
            running.values().forEach(RelayProcess::close);
            keepLogs(instances);
        }
    }

    /** The instances' logs outlive the test's directory, for a failure's post-mortem. */
    private static void keepLogs(List<Instance> instances) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "cluster-failover"));
        for (Instance instance : instances) {
            Path log = instance.home().resolve("relay.log");
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(instance.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Waits until {@code running} poll every tenant exactly once, balanced ±1; returns how long that took. */
    private static Duration awaitBalanced(List<Instance> instances, Map<String, RelayProcess> running, String what) {
        Instant start = Instant.now();
        Map<String, Set<String>> last = new HashMap<>();
        try {
            await(what + ": 30 tenants balanced", Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
                last.clear();
                for (String name : running.keySet()) {
                    last.put(name, tenantsOf(instances.get(name.charAt(0) - 'a')));
                }
                return balanced(last.values());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen " + last, e);
        }
        return Duration.between(start, Instant.now());
    }

    private static boolean balanced(java.util.Collection<Set<String>> owned) {
        Set<String> union = new HashSet<>();
        int total = 0;
        for (Set<String> each : owned) {
            union.addAll(each);
            total += each.size();
        }
        int fair = TENANTS / owned.size();
        return union.size() == TENANTS && total == TENANTS
                && owned.stream().allMatch(each -> Math.abs(each.size() - fair) <= 1);
    }

    /** The tenants an instance's readiness check "cluster" lists; none while it does not answer. */
    private static Set<String> tenantsOf(Instance instance) {
        try {
            String body = TestHttp.get("http://localhost:" + instance.port() + "/observe/health/ready?exposureLevel=full&data=true")
                    .body();
            for (JsonNode check : Json.mapper().readTree(body).path("checks")) {
                if (check.path("name").asText().equals("cluster") && check.path("status").asText().equals("UP")) {
                    String tenants = check.path("data").path("tenants").asText();
                    return tenants.isEmpty() ? Set.of() : Set.of(tenants.split(","));
                }
            }
            return Set.of();
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    private static Set<String> fileVersions(List<Instance> instances) {
        Set<String> versions = new HashSet<>();
        instances.forEach(instance -> versions.addAll(new DeliveredAlerts(instance.home().resolve("out")).versions()));
        return versions;
    }

    private static long fileLines(List<Instance> instances) {
        return instances.stream().mapToLong(instance -> new DeliveredAlerts(instance.home().resolve("out")).all().size()).sum();
    }

    /** Records a read_uncommitted consumer sees beyond one per version: what aborted transactions left in the log. */
    private static long uncommittedDuplicates(EmbeddedKafka kafka, String topic) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        long records = 0;
        Set<String> versions = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    versions.add(Json.mapper().readTree(record.value()).path("metadata").path("uid").asText());
                }
            }
        }
        return records - versions.size();
    }

    /** Every place where a tenant's committed checkpoint is older than the one before it. */
    private static List<String> checkpointRegressions(EmbeddedKafka kafka, String topic) throws IOException {
        Map<String, Instant> last = new HashMap<>();
        List<String> regressions = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.consumeAll(topic, Duration.ofSeconds(30))) {
            Instant windowEnd = Instant.parse(Json.mapper().readTree(record.value()).path("windowEnd").asText());
            Instant before = last.put(record.key(), windowEnd);
            if (before != null && windowEnd.isBefore(before)) {
                regressions.add(record.key() + " from " + before + " back to " + windowEnd + " at offset " + record.offset());
            }
        }
        return regressions;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
