package io.defenderrelay.cluster;

import io.defenderrelay.graph.Checkpoint;
import io.defenderrelay.graph.CheckpointCorruptException;
import io.defenderrelay.graph.CheckpointJson;
import io.defenderrelay.graph.CheckpointStore;
import io.defenderrelay.support.Trouble;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints in the group's compacted topic, keyed by tenant, as the file store writes them. A tenant's checkpoint is
 * read when this instance takes the tenant (after its producer fenced the previous owner, reading only committed
 * records), then kept in memory; each save commits the tenant's transaction, with the window's Kafka records if any.
 */
public final class KafkaCheckpointStore implements CheckpointStore {
    /** As the file store: a checkpoint the relay cannot trust stops its tenant rather than guess a position. */
    public static final Trouble CORRUPT = new Trouble("`tenant:<name>` DOWN \"stopped: the checkpoint of tenant ... in"
            + " topic ... is not valid\" (cluster mode)", "the checkpoint of tenant {tenant} in topic {topic} is not valid"
            + " ({detail}); the tenant is stopped instead of restarting from scratch", "produce a valid one with key"
            + " {tenant} (e.g. `{\"windowEnd\":\"<ISO instant>\",\"savedAt\":\"<ISO instant>\"}`), or a tombstone"
            + " to start again from relay.backfill.start; then restart the instance that polls it");
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCheckpointStore.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Properties consumerClient;
    private final TenantTransactions transactions;
    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final Set<String> unread = ConcurrentHashMap.newKeySet();

    KafkaCheckpointStore(String topic, Properties consumerClient, TenantTransactions transactions) {
        this.topic = topic;
        this.consumerClient = consumerClient;
        this.transactions = transactions;
    }

    /**
     * The tenants are this instance's now: reads their latest committed checkpoints (once their producers fenced the
     * previous owner). When Kafka does not answer, each tenant's first poll reads its own.
     */
    void takeOver(Collection<String> tenants) {
        owned.addAll(tenants);
        unread.addAll(tenants);
        try {
            read(tenants);
        } catch (RuntimeException e) {
            LOG.warn("cluster: cannot read the checkpoints of {} from {} yet ({}); each tenant's next poll tries again",
                    tenants, topic, e.toString());
        }
    }

    private void read(Collection<String> tenants) {
        Map<String, byte[]> found = readLatest(Set.copyOf(tenants));
        for (String tenant : tenants) {
            latest.remove(tenant);
            Optional.ofNullable(found.get(tenant)).ifPresent(bytes -> latest.put(tenant, bytes));
            unread.remove(tenant);
        }
    }

    void release(String tenant) {
        owned.remove(tenant);
        unread.remove(tenant);
        latest.remove(tenant);
    }

    @Override
    public Optional<Checkpoint> load(String tenant) {
        requireOwned(tenant);
        if (transactions.isBroken(tenant)) {
            transactions.take(tenant);
            unread.add(tenant);
        }
        if (unread.contains(tenant)) {
            read(List.of(tenant));
        }
        byte[] bytes = latest.get(tenant);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckpointJson.read(tenant, bytes));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointCorruptException(CORRUPT.said(Map.of("tenant", tenant, "topic", topic,
                    "detail", String.valueOf(e.getMessage()))), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        String tenant = checkpoint.tenant();
        requireOwned(tenant);
        byte[] bytes = CheckpointJson.write(checkpoint);
        transactions.commit(tenant, new ProducerRecord<>(topic, tenant, bytes));
        latest.put(tenant, bytes);
    }

    @Override
    public boolean owesSave(String tenant) {
        return transactions.inTransaction(tenant);
    }

    /** A transaction the last poll left open is aborted: its window is read and sent again in a new one. */
    @Override
    public void pollStarting(String tenant) {
        if (transactions.inTransaction(tenant)) {
            transactions.takeLater(tenant);
        }
    }

    private void requireOwned(String tenant) {
        if (!owned.contains(tenant)) {
            throw new TenantFencedException(tenant, "not owned by this instance");
        }
    }

    /** The last committed value of each wanted key (a tombstone: none), reading the topic to its end. */
    private Map<String, byte[]> readLatest(Set<String> tenants) {
        Properties properties = new Properties();
        properties.putAll(consumerClient);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, byte[]> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster mode: could not read topic " + topic + " to its end within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (tenants.contains(record.key())) {
                        found.put(record.key(), record.value());
                    }
                }
            }
        }
        found.values().removeIf(Objects::isNull);
        return found;
    }
}
