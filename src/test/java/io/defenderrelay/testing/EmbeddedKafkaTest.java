package io.defenderrelay.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddedKafkaTest {
    private final EmbeddedKafka kafka = EmbeddedKafka.instance();

    @Test
    void consumesBackEveryProducedRecordWithItsKey() throws Exception {
        kafka.createTopic("roundtrip", 3);
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(30))) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("roundtrip", "alert-" + i, "{\"n\":" + i + "}"));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = kafka.consumeAll("roundtrip", Duration.ofSeconds(30));

        assertEquals(50, records.size());
        assertEquals(50, records.stream().map(ConsumerRecord::key).distinct().count());
    }

    @Test
    void producerStallsWhileBrokerIsStoppedAndDeliversAfterRestartOnTheSameAddress() throws Exception {
        kafka.createTopic("restart", 1);
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(60))) {
            producer.send(new ProducerRecord<>("restart", "before", "1")).get(30, TimeUnit.SECONDS);

            kafka.stopBroker();
            Future<?> duringOutage;
            try { // the broker is shared: a failure here must not leave it down for the tests after this one
                duringOutage = producer.send(new ProducerRecord<>("restart", "during", "2"));
                assertThrows(TimeoutException.class, () -> duringOutage.get(1, TimeUnit.SECONDS),
                        "no acknowledgement can come while the broker is down");
            } finally {
                kafka.startBroker();
            }
            duringOutage.get(60, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("restart", "after", "3")).get(30, TimeUnit.SECONDS);
        }

        List<String> keys = kafka.consumeAll("restart", Duration.ofSeconds(30)).stream().map(ConsumerRecord::key).toList();
        assertEquals(List.of("before", "during", "after"), keys);
    }

    private KafkaProducer<String, String> producer(Duration deliveryTimeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

}
