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
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event versions ({@code metadata.uid}) a topic holds, followed as it grows by one consumer on a thread of its
 * own (it reconnects by itself while the broker is down): cheap to ask many times during a run, where
 * {@link EmbeddedKafka#readAll} reads the whole topic each time.
 */
public final class KafkaVersions implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Set<String> versions = new HashSet<>();
    private final AtomicLong records = new AtomicLong();
    private volatile boolean closed;
    private volatile RuntimeException failure;

    public KafkaVersions(EmbeddedKafka kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "kafka-versions-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String uid = Json.mapper().readTree(record.value()).path("metadata").path("uid").asText();
                    synchronized (versions) {
                        versions.add(uid);
                    }
                    records.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (JsonProcessingException | RuntimeException e) {
            failure = new IllegalStateException("a record of the topic is not a JSON event: " + e, e);
        } finally {
            consumer.close();
        }
    }

    /** The versions read so far. */
    public Set<String> versions() {
        check();
        synchronized (versions) {
            return new HashSet<>(versions);
        }
    }

    /** Records read so far, duplicates included. */
    public long records() {
        check();
        return records.get();
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
