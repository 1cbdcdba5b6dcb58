package io.defenderrelay.testing;

import kafka.server.BrokerServer;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One in-JVM KRaft Kafka node (combined broker + controller) shared by every test of the JVM, started on first
 * use (~2 s). Its broker listens on a fixed loopback port, so {@link #stopBroker()} / {@link #startBroker()} bring
 * the very same {@link #bootstrapServers()} address down and back, as a broker restart does in production.
 * Tests that stop the broker must not run in parallel with other Kafka tests.
 */
public final class EmbeddedKafka {
    private static final PerJvm<EmbeddedKafka> SHARED = new PerJvm<>("in-JVM Kafka", EmbeddedKafka::new, EmbeddedKafka::closeQuietly);

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka() throws Exception {
        int port = FreePort.pick(); // not 0: stopBroker()/startBroker() must bring back the same address
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0")
                // single node: internal topics cannot have more replicas than one
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        bootstrapServers = "127.0.0.1:" + port;
    }

    public static EmbeddedKafka instance() {
        return SHARED.get();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("topic " + name + " was not created", e);
        }
    }

    /**
     * Every record of the topic, read from the beginning up to the end offsets as of this call.
     *
     * @throws AssertionError when the end is not reached within the timeout
     */
    public List<ConsumerRecord<String, String>> consumeAll(String topic, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        readAll(topic, timeout, records::add);
        return records;
    }

    /**
     * Hands every record of the topic, from the beginning up to the end offsets as of this call, to {@code each}
     * without keeping it: for topics too large to hold in memory.
     *
     * @return how many records were read
     * @throws AssertionError when the end is not reached within the timeout
     */
    public long readAll(String topic, Duration timeout, Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long read = 0;
            Instant deadline = Instant.now().plus(timeout);
            while (!reached(consumer, ends)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("topic " + topic + " not read to its end " + ends + " within " + timeout
                            + "; got " + read + " records");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record);
                    read++;
                }
            }
            return read;
        }
    }

    /** Counts the records of a topic as it grows, through one consumer kept open until closed. */
    public RecordCount recordCount(String topic) {
        return new RecordCount(consumer(), topic);
    }

    /**
     * The records a topic holds so far: the sum of its partitions' end offsets, which is the record count of a
     * topic written without transactions. Cheap enough to ask every few milliseconds.
     */
    public static final class RecordCount implements AutoCloseable {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions;

        private RecordCount(KafkaConsumer<String, String> consumer, String topic) {
            this.consumer = consumer;
            this.partitions = partitions(consumer, topic, TIMEOUT);
        }

        public long get() {
            return consumer.endOffsets(partitions, TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Shuts the broker down: clients get connection refused on {@link #bootstrapServers()} until started again. */
    public void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the stopped broker on the same address and waits until it serves requests again. */
    public void startBroker() {
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the restarted broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("restarted broker did not become ready", e);
        }
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic,
                                                   Duration timeout) {
        return consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Runs at JVM exit. Bounded: a broker still busy with groups and transactions of the tests can take longer than
     * surefire waits for a finished fork (30 s), which then halts it with status 1 and fails a green build.
     */
    private void closeQuietly() {
        Thread closing = new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("embedded Kafka did not close cleanly: " + e);
            }
        }, "embedded-kafka-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            System.err.println("embedded Kafka still closing after " + CLOSE_WAIT.toSeconds() + " s; the JVM exits without it");
        }
    }
}
