package io.defenderrelay.cluster;

import io.defenderrelay.deliver.KafkaClients;
import io.defenderrelay.deliver.KafkaRecords;
import io.defenderrelay.graph.Checkpoint;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.InMemoryMetrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode's parts against the in-JVM Kafka broker: fencing and checkpoints between two owners of a tenant, and
 * tenants shared by three members of one group as they join and leave. Each test uses a group of its own.
 */
class ClusterModeTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static CamelContext camel;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static ClusterMode instance(String group, String sinkTopic, List<String> tenants) {
        KafkaClients kafka = KafkaClients.of(camel, "kafka:" + sinkTopic + "?brokers="
                + EmbeddedKafka.instance().bootstrapServers());
        return new ClusterMode(new ClusterSettings(group, Duration.ofSeconds(6), Duration.ofMinutes(1), (short) -1), kafka,
                Duration.ofSeconds(30), tenants, InMemoryMetrics.create(), Clock.systemUTC());
    }

    private static TenantOwnership ownership(ClusterMode mode, TenantPolls polls) {
        return new TenantOwnership(mode.transactions(), mode.checkpoints(), polls);
    }

    private static List<Message> records(String... keys) {
        List<Message> records = new ArrayList<>();
        for (String key : keys) {
            Message message = new DefaultMessage(camel);
            message.setHeader(KafkaRecords.KEY, key);
            message.setHeader("tenant", "t1");
            message.setBody(("{\"alert\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
            records.add(message);
        }
        return records;
    }

    private static Checkpoint at(String tenant, int minutes) {
        return new Checkpoint(tenant, T0.plusSeconds(60L * minutes), T0, List.of("a" + minutes + "@" + T0));
    }

    private static List<String> committedKeys(String topic) {
        return EmbeddedKafka.instance().consumeAll(topic, Duration.ofSeconds(30)).stream().map(ConsumerRecord::key).toList();
    }

    @Test
    void aNewOwnerFencesTheOldOneAbortsItsOpenWindowAndStartsFromItsLastCommittedCheckpoint() {
        String group = "fence", sink = "fence-alerts";
        EmbeddedKafka.instance().createTopic(sink, 1);
        TenantPolls none = new RecordedPolls();
        try (ClusterMode first = instance(group, sink, List.of("t1")); ClusterMode second = instance(group, sink, List.of("t1"))) {
            AtomicReference<String> forgotten = new AtomicReference<>();
            first.transactions().onAbort(forgotten::set);
            ownership(first, none).acquire(List.of("t1"));
            assertTrue(first.checkpoints().load("t1").isEmpty(), "a new tenant has no checkpoint");

            // a window: two records, committed with its checkpoint
            first.transactions().send("t1", records("a1", "a2"));
            assertTrue(first.checkpoints().owesSave("t1"), "records in an open transaction owe a save");
            first.checkpoints().save(at("t1", 10));
            assertTrue(!first.checkpoints().owesSave("t1"));
            // the next window is sent but not checkpointed when the second instance takes the tenant
            first.transactions().send("t1", records("a3"));

            ownership(second, none).acquire(List.of("t1"));
            assertEquals(T0.plusSeconds(600), second.checkpoints().load("t1").orElseThrow().windowEnd(),
                    "the new owner starts from the last committed checkpoint");
            TenantFencedException fenced = assertThrows(TenantFencedException.class,
                    () -> first.checkpoints().save(at("t1", 20)));
            assertTrue(fenced.getMessage().contains("fenced"), fenced.getMessage());
            assertEquals("t1", forgotten.get(), "the old owner forgets what it held of the tenant in memory");
            assertThrows(TenantFencedException.class, () -> first.transactions().send("t1", records("a4")),
                    "a fenced instance sends nothing more for the tenant");

            second.transactions().send("t1", records("a3"));
            second.checkpoints().save(at("t1", 20));
            assertEquals(List.of("a1", "a2", "a3"), committedKeys(sink),
                    "a read_committed consumer sees each record once: the aborted window's a3 only from the new owner");
        }
    }

    @Test
    void aPollThatFailedMidWindowLeavesNoTransactionOpenTheNextPollSendsTheWindowAgain() {
        String group = "midwindow", sink = "midwindow-alerts";
        EmbeddedKafka.instance().createTopic(sink, 1);
        try (ClusterMode instance = instance(group, sink, List.of("t1"))) {
            List<String> forgotten = new ArrayList<>();
            instance.transactions().onAbort(forgotten::add);
            ownership(instance, new RecordedPolls()).acquire(List.of("t1"));
            instance.transactions().send("t1", records("b1", "b2"));
            // the poll failed here (another sink down); the next one begins
            instance.checkpoints().pollStarting("t1");
            assertEquals(List.of("t1"), forgotten, "what the open transaction held is forgotten");
            assertTrue(!instance.checkpoints().owesSave("t1"));
            assertTrue(instance.checkpoints().load("t1").isEmpty(), "taken again, from the committed checkpoint");
            instance.transactions().send("t1", records("b1", "b2"));
            instance.checkpoints().save(at("t1", 1));
            assertEquals(List.of("b1", "b2"), committedKeys(sink), "the window committed once, by the second poll");
        }
    }

    @Test
    void aWindowWithoutKafkaRecordsStillCommitsItsCheckpointAndATombstoneStartsTheTenantAfresh() {
        String group = "plain", sink = "plain-alerts";
        try (ClusterMode first = instance(group, sink, List.of("t1", "t2"))) {
            ownership(first, new RecordedPolls()).acquire(List.of("t1", "t2"));
            first.checkpoints().save(at("t1", 5));
            first.checkpoints().save(at("t2", 7));
            assertEquals(List.of("a5@" + T0), first.checkpoints().load("t1").orElseThrow().recent());
        }
        try (ClusterMode again = instance(group, sink, List.of("t1", "t2"))) {
            ownership(again, new RecordedPolls()).acquire(List.of("t2"));
            assertEquals(T0.plusSeconds(420), again.checkpoints().load("t2").orElseThrow().windowEnd(),
                    "checkpoints outlive the instance that wrote them");
            assertThrows(TenantFencedException.class, () -> again.checkpoints().load("t1"),
                    "a tenant the group did not assign here is not read");
        }
    }

    @Test
    void threeInstancesShareThirtyTenantsEvenlyAndTheRestTakeOverWhenOneLeaves() {
        String group = "share";
        List<String> tenants = IntStream.rangeClosed(1, 30).mapToObj(i -> String.format("tenant-%02d", i)).toList();
        List<RecordedPolls> polls = List.of(new RecordedPolls(), new RecordedPolls(), new RecordedPolls());
        List<ClusterMode> instances = new ArrayList<>();
        try {
            for (RecordedPolls poll : polls) {
                ClusterMode instance = instance(group, "share-alerts", tenants);
                instances.add(instance);
                instance.join(poll);
            }
            await("30 tenants spread over three instances", Duration.ofSeconds(60), () -> balanced(polls, tenants, 3));
            instances.get(0).close();
            Instant left = Instant.now();
            await("the leaver's tenants taken by the other two", Duration.ofSeconds(60),
                    () -> balanced(polls.subList(1, 3), tenants, 2));
            assertTrue(polls.get(0).polling().isEmpty(), "the instance that left polls nothing");
            System.out.println("cluster: tenants of a leaving instance resumed elsewhere after "
                    + Duration.between(left, Instant.now()).toMillis() + " ms");
        } finally {
            instances.forEach(ClusterMode::close);
        }
    }

    /** Every tenant polled by exactly one of {@code polls}, each polling tenants/instances ±1. */
    private static boolean balanced(List<RecordedPolls> polls, List<String> tenants, int instances) {
        List<Set<String>> polling = polls.stream().map(RecordedPolls::polling).toList();
        Set<String> union = new HashSet<>();
        int total = 0;
        for (Set<String> each : polling) {
            union.addAll(each);
            total += each.size();
        }
        int fair = tenants.size() / instances;
        return union.equals(Set.copyOf(tenants)) && total == tenants.size()
                && polling.stream().allMatch(each -> Math.abs(each.size() - fair) <= 1);
    }

    /** Which tenants this instance polls, as the group starts and stops them. */
    private static final class RecordedPolls implements TenantPolls {
        private final Map<String, Boolean> polling = new ConcurrentHashMap<>();

        @Override
        public void start(String tenant) {
            polling.put(tenant, true);
        }

        @Override
        public void stop(String tenant) {
            polling.remove(tenant);
        }

        Set<String> polling() {
            return Set.copyOf(polling.keySet());
        }
    }
}
