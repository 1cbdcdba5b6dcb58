package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event versions ({@code metadata.uid}) a topic holds, followed as it grows by one consumer on a thread of its
 * own (it reconnects by itself while the broker is down): cheap to ask many times during a run, where
 * {@link EmbeddedKafka#readAll} reads the whole topic each time. Knows where each version first arrived, so a check
 * can ask what the topic held at a given moment ({@link #endOffsets()} then {@link #versionsBefore}).
 */
public final class KafkaVersions implements AutoCloseable {
    private record Position(TopicPartition partition, long offset) {
    }

    private final KafkaConsumer<String, String> follower;
    private final KafkaConsumer<String, String> asker;
    private final List<TopicPartition> partitions;
    private final Thread thread;
    private final Map<String, Position> firstSeen = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile RuntimeException failure;

    public KafkaVersions(EmbeddedKafka kafka, String topic) {
        follower = consumer(kafka);
        asker = consumer(kafka);
        partitions = follower.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        partitions.forEach(partition -> read.put(partition, 0L));
        follower.assign(partitions);
        follower.seekToBeginning(partitions);
        thread = new Thread(this::follow, "kafka-versions-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private void follow() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : follower.poll(Duration.ofMillis(200))) {
                    String uid = Json.mapper().readTree(record.value()).path("metadata").path("uid").asText();
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    synchronized (counts) {
                        firstSeen.putIfAbsent(uid, new Position(partition, record.offset()));
                        counts.merge(uid, 1, Integer::sum);
                    }
                    read.put(partition, record.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (JsonProcessingException | RuntimeException e) {
            failure = new IllegalStateException("a record of the topic is not a JSON event: " + e, e);
        } finally {
            follower.close();
        }
    }

    /** The topic's end offsets now; throws when the broker does not answer within {@code timeout}. */
    public synchronized Map<TopicPartition, Long> endOffsets(Duration timeout) {
        return asker.endOffsets(partitions, timeout);
    }

    /** True once every record before {@code ends} has been read. */
    public boolean reached(Map<TopicPartition, Long> ends) {
        check();
        return ends.entrySet().stream().allMatch(end -> read.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /** The versions the topic held before {@code ends} (call once {@link #reached}). */
    public Set<String> versionsBefore(Map<TopicPartition, Long> ends) {
        check();
        Set<String> before = new HashSet<>();
        synchronized (counts) {
            firstSeen.forEach((uid, at) -> {
                if (at.offset() < ends.getOrDefault(at.partition(), 0L)) {
                    before.add(uid);
                }
            });
        }
        return before;
    }

    /** The versions read so far. */
    public Set<String> versions() {
        check();
        synchronized (counts) {
            return new HashSet<>(counts.keySet());
        }
    }

    /** Records read so far, duplicates included. */
    public long records() {
        check();
        synchronized (counts) {
            return counts.values().stream().mapToLong(Integer::longValue).sum();
        }
    }

    /** How many records repeat a version of {@code of} already read. */
    public long duplicates(Set<String> of) {
        check();
        synchronized (counts) {
            return of.stream().mapToLong(uid -> Math.max(0, counts.getOrDefault(uid, 0) - 1)).sum();
        }
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        closed = true;
        follower.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            asker.close();
        }
    }
}
