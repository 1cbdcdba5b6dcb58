package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.KafkaVersions;
import io.defenderrelay.testing.TestHttp;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One relay in cluster mode (the group's only member) with the Kafka and file sinks: it takes every tenant, keeps
 * checkpoints in Kafka instead of the state directory, and a read_committed consumer sees each alert version once.
 * Several instances, kills and pauses: ClusterFailoverTest (-Plong).
 */
class ClusterRelayTest {

    @TempDir
    Path dir;

    @Test
    void aLoneMemberPollsEveryTenantWithCheckpointsInKafkaAndEachVersionCommittedOnce() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.instance();
        String group = "solo-" + UUID.randomUUID();
        String topic = group + "-alerts";
        kafka.createTopic(topic, 2);
        List<SimTenant> tenants = List.of(RelayHarness.newSecretTenant(300, Duration.ofHours(2)),
                RelayHarness.newSecretTenant(200, Duration.ofHours(2)), RelayHarness.newSecretTenant(100, Duration.ofHours(2)));
        Map<String, String> settings = RelayHarness.settingsFor(tenants.get(0), dir, "PT3H");
        RelayHarness.addSecretTenant(settings, 1, "t2", tenants.get(1));
        RelayHarness.addSecretTenant(settings, 2, "t3", tenants.get(2));
        settings.put("relay.cluster.enabled", "true");
        settings.put("relay.cluster.group", group);
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", kafka.bootstrapServers());
        settings.put("relay.sink.kafka.topic", topic);
        int port = FreePort.pick();
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(port));
        Set<String> versions = new HashSet<>();
        tenants.forEach(tenant -> versions.addAll(tenant.alerts().versions()));

        RelayHarness relay = RelayHarness.start(dir, settings);
        try (KafkaVersions inKafka = new KafkaVersions(kafka, topic)) {
            await("every version in the files and, committed, in the topic", Duration.ofSeconds(60),
                    () -> relay.deliveredIds().size() == 600 && inKafka.versions().containsAll(versions));
            String health = TestHttp.get("http://localhost:" + port + "/observe/health/ready?exposureLevel=full&data=true").body();
            assertTrue(health.contains("\"cluster\"") && health.contains("t1,t2,t3"), health);
            String metrics = TestHttp.get("http://localhost:" + port + "/observe/metrics").body();
            assertTrue(metrics.contains("relay_cluster_tenants 3.0"), metrics);
            assertEquals(0, inKafka.duplicates(versions), "each version committed once");
        } finally {
            relay.main().stop();
        }
        try (Stream<Path> state = Files.exists(dir.resolve("state")) ? Files.list(dir.resolve("state")) : Stream.empty()) {
            assertEquals(List.of(), state.toList(), "no checkpoint on local disk");
        }
        Set<String> checkpointed = new HashSet<>();
        for (ConsumerRecord<String, String> record : kafka.consumeAll(group + ".checkpoints", Duration.ofSeconds(30))) {
            checkpointed.add(record.key());
        }
        assertEquals(Set.of("t1", "t2", "t3"), checkpointed, "a checkpoint per tenant in the compacted topic");
    }
}
