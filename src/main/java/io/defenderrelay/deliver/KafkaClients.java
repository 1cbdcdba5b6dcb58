package io.defenderrelay.deliver;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * Kafka client settings taken from the Kafka sink's camel-kafka endpoint (relay.sink.kafka.uri): its brokers and its
 * TLS / SASL options, so every client the relay opens on that cluster (probes, cluster mode) connects as the sink does.
 */
public final class KafkaClients {
    private final KafkaConfiguration sink;

    private KafkaClients(KafkaConfiguration sink) {
        this.sink = sink;
    }

    /** @param uri relay.sink.kafka.uri */
    public static KafkaClients of(CamelContext context, String uri) {
        return new KafkaClients(context.getEndpoint(uri, KafkaEndpoint.class).getConfiguration());
    }

    public String brokers() {
        return sink.getBrokers();
    }

    /** The topic the sink writes to. */
    public String topic() {
        return sink.getTopic();
    }

    /** An admin client's settings whose every request gives up after {@code timeout}. */
    public Properties admin(Duration timeout) {
        Properties admin = only(AdminClientConfig.configNames());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return admin;
    }

    public Properties producer() {
        return only(ProducerConfig.configNames());
    }

    public Properties consumer() {
        return only(ConsumerConfig.configNames());
    }

    /** The endpoint's client settings a client of that kind knows, with the brokers. */
    private Properties only(Set<String> known) {
        Properties client = new Properties();
        sink.createProducerProperties().forEach((key, value) -> {
            if (known.contains(String.valueOf(key))) {
                client.put(key, value);
            }
        });
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, sink.getBrokers());
        return client;
    }
}
