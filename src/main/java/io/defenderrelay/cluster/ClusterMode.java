package io.defenderrelay.cluster;

import io.defenderrelay.deliver.KafkaClients;
import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.support.Trouble;

import org.apache.camel.health.HealthCheck;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Cluster mode's parts for one instance: the topics checked, the checkpoint store and the tenants' transactions ready
 * before routes start; {@link #join} enters the group once they have, and the group decides what this instance polls.
 */
public final class ClusterMode implements AutoCloseable {
    /** Cluster mode's entries of the troubleshooting catalogue. */
    public static final List<Trouble> TROUBLES = List.of(ClusterTopics.UNPREPARED, KafkaCheckpointStore.CORRUPT,
            ClusterMembership.LOST);
    private final ClusterSettings settings;
    private final KafkaClients kafka;
    private final TenantSlots slots;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final TenantTransactions transactions;
    private final KafkaCheckpointStore checkpoints;
    private ClusterMembership membership;

    /** @param kafkaTimeout how long Kafka may take to answer at startup (relay.sink.kafka.probe-timeout) */
    public ClusterMode(ClusterSettings settings, KafkaClients kafka, Duration kafkaTimeout, Collection<String> tenants,
                       RelayMetrics metrics, Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.slots = new TenantSlots(tenants);
        this.metrics = metrics;
        this.clock = clock;
        new ClusterTopics(settings, kafkaTimeout).ensure(kafka.admin(kafkaTimeout), slots.count());
        this.transactions = TenantTransactions.of(kafka.producer(), kafka.topic(), settings, metrics);
        this.checkpoints = new KafkaCheckpointStore(settings.checkpointsTopic(), kafka.consumer(), transactions);
    }

    public KafkaCheckpointStore checkpoints() {
        return checkpoints;
    }

    /** The route to-kafka's way into a tenant's transaction. */
    public TenantTransactions transactions() {
        return transactions;
    }

    /** Joins the group; from now on the group starts and stops tenants' polls through {@code polls}. */
    public HealthCheck join(TenantPolls polls) {
        membership = new ClusterMembership(settings, slots, kafka.consumer(),
                new TenantOwnership(transactions, checkpoints, polls), metrics, clock);
        metrics.clusterTenants(membership, m -> m.tenants().size());
        membership.start();
        return new ClusterCheck(membership);
    }

    /** The tenants this instance polls now. */
    public Set<String> tenants() {
        return membership == null ? Set.of() : membership.tenants();
    }

    @Override
    public void close() {
        if (membership != null) {
            membership.close();
        }
        transactions.close();
    }
}
