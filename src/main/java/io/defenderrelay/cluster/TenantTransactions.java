package io.defenderrelay.cluster;

import io.defenderrelay.deliver.KafkaRecords;
import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One transactional producer per owned tenant, its transactional.id derived from the group and the tenant: taking a
 * tenant ({@link #take}) fences whoever held it before and aborts what that one left open. A window's Kafka records
 * join the tenant's open transaction; the checkpoint record commits it, so both become visible together or not at all.
 */
public final class TenantTransactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenantTransactions.class);

    private final Function<String, Producer<String, byte[]>> producers;
    private final String sinkTopic;
    private final RelayMetrics metrics;
    private final Map<String, Producer<String, byte[]>> owned = new ConcurrentHashMap<>();
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final Set<String> fenced = ConcurrentHashMap.newKeySet();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final Set<String> closing = ConcurrentHashMap.newKeySet();
    private volatile Consumer<String> aborted = tenant -> { };

    /** @param sinkTopic the Kafka sink's topic */
    TenantTransactions(Function<String, Producer<String, byte[]>> producers, String sinkTopic, RelayMetrics metrics) {
        this.producers = producers;
        this.sinkTopic = sinkTopic;
        this.metrics = metrics;
    }

    /** Transactional producers with the client settings of the Kafka sink's endpoint. */
    static TenantTransactions of(Properties client, String sinkTopic, ClusterSettings settings, RelayMetrics metrics) {
        return new TenantTransactions(tenant -> {
            Properties properties = new Properties();
            properties.putAll(client);
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(tenant));
            properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "relay-" + settings.transactionalId(tenant));
            return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        }, sinkTopic, metrics);
    }

    /** Takes the tenant: its producer's initTransactions fences the previous owner and aborts its open transaction. */
    void take(String tenant) {
        drop(tenant);
        Producer<String, byte[]> producer = producers.apply(tenant);
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        fenced.remove(tenant);
        broken.remove(tenant);
        closing.remove(tenant);
        owned.put(tenant, producer);
    }

    /**
     * What to forget when a tenant's open transaction is lost (aborted, fenced, let go): the relay's memory of what that
     * transaction held (delivered versions, window progress, the Kafka sink's acknowledgements), so the window is sent
     * again from the committed checkpoint.
     */
    public void onAbort(Consumer<String> forget) {
        this.aborted = forget;
    }

    /** The tenant is being let go: its window in progress gets no further record in, so its poll ends soon. */
    void closing(String tenant) {
        closing.add(tenant);
    }

    /** Lets the tenant go: its open transaction (a window not checkpointed) is aborted. */
    void drop(String tenant) {
        Producer<String, byte[]> producer = owned.remove(tenant);
        boolean wasOpen = open.remove(tenant);
        if (producer == null) {
            return;
        }
        try {
            if (wasOpen) {
                producer.abortTransaction();
            }
        } catch (RuntimeException e) {
            // the next owner's initTransactions aborts it instead
            LOG.debug("tenant {}: abort on release: {}", tenant, e.toString());
        } finally {
            producer.close(Duration.ofSeconds(5));
            if (wasOpen) {
                aborted.accept(tenant);
            }
        }
    }

    boolean isFenced(String tenant) {
        return fenced.contains(tenant);
    }

    /** The tenant's producer could not be made now (Kafka unreachable): its next poll tries again. */
    void takeLater(String tenant) {
        drop(tenant);
        broken.add(tenant);
    }

    /** Whether the tenant must be taken again: its last transaction failed for another reason than fencing, or its take did. */
    boolean isBroken(String tenant) {
        return broken.contains(tenant);
    }

    /** Whether the tenant has records in a transaction that only its next checkpoint commits. */
    public boolean inTransaction(String tenant) {
        return open.contains(tenant);
    }

    /**
     * Adds a window's Kafka share to the tenant's transaction (route to-kafka in cluster mode). Nothing is visible to
     * read_committed consumers until the window's checkpoint commits it.
     */
    public void send(@Header("tenant") String tenant, @Body Iterable<Message> records) {
        Producer<String, byte[]> producer = begin(tenant);
        try {
            for (Message record : records) {
                ProducerRecord<String, byte[]> kafka = new ProducerRecord<>(sinkTopic, record.getHeader(KafkaRecords.KEY, String.class),
                        record.getBody(byte[].class));
                record.getHeaders().forEach((name, value) -> {
                    if (!KafkaRecords.KEY.equals(name) && value != null) {
                        kafka.headers().add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                    }
                });
                producer.send(kafka);
            }
        } catch (KafkaException e) {
            throw failed(tenant, e);
        }
    }

    /** Commits the tenant's transaction with {@code checkpoint} as its last record. */
    void commit(String tenant, ProducerRecord<String, byte[]> checkpoint) {
        Producer<String, byte[]> producer = begin(tenant);
        try {
            producer.send(checkpoint);
            producer.commitTransaction();
            open.remove(tenant);
        } catch (KafkaException e) {
            throw failed(tenant, e);
        }
    }

    private Producer<String, byte[]> begin(String tenant) {
        Producer<String, byte[]> producer = closing.contains(tenant) ? null : owned.get(tenant);
        if (producer == null) {
            if (broken.contains(tenant)) {
                throw new IllegalStateException("tenant " + tenant + ": its last transaction failed; the next poll"
                        + " starts again from its checkpoint");
            }
            throw new TenantFencedException(tenant, fenced.contains(tenant) ? "fenced by a newer owner"
                    : "not owned by this instance");
        }
        if (open.add(tenant)) {
            try {
                producer.beginTransaction();
            } catch (KafkaException e) {
                open.remove(tenant);
                throw failed(tenant, e);
            }
        }
        return producer;
    }

    /**
     * A failed send or commit: the transaction is gone (aborted), and with it the window's records. Fenced: the
     * producer is dropped for good; otherwise the tenant is taken again before its next poll (initTransactions ends what
     * is left, and the checkpoint is read again: a commit that failed late may have landed).
     */
    private RuntimeException failed(String tenant, KafkaException e) {
        boolean newerOwner = e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException;
        drop(tenant);
        if (newerOwner) {
            fenced.add(tenant);
            metrics.fenced(tenant);
            return new TenantFencedException(tenant, "Kafka fenced its transactional producer (" + e.getMessage() + ")");
        }
        broken.add(tenant);
        return new TransactionAbortedException(tenant, e);
    }

    @Override
    public void close() {
        owned.keySet().forEach(this::drop);
    }
}
