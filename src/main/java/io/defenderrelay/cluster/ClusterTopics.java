package io.defenderrelay.cluster;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.support.Trouble;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the group's two topics when they are missing, and checks them when they are not: the coordination topic needs
 * a partition per tenant (more are added, never removed), the checkpoint topic must be compacted (a deleted
 * checkpoint would restart a tenant from relay.backfill.start).
 */
final class ClusterTopics {
    static final Trouble UNPREPARED = new Trouble("startup refused: \"cluster mode: cannot prepare topics\"",
            "cluster mode: cannot prepare topics {tenants-topic} and {checkpoints-topic} at {brokers} ({detail})",
            "make the Kafka cluster of relay.sink.kafka.uri (relay.sink.kafka.brokers, its TLS/SASL options) reachable,"
                    + " and allow the relay's principal to describe and create topics prefixed {group}. (or create them"
                    + " yourself, see README \"Running several instances\")");
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);

    private final ClusterSettings settings;
    private final long timeoutMillis;

    /** @param timeout how long Kafka may take to answer (relay.sink.kafka.probe-timeout) */
    ClusterTopics(ClusterSettings settings, Duration timeout) {
        this.settings = settings;
        this.timeoutMillis = timeout.toMillis();
    }

    /** @param client admin client settings whose requests give up after this instance's timeout */
    void ensure(Properties client, int tenants) {
        Admin admin = Admin.create(client);
        try {
            ensureTenants(admin, tenants);
            ensureCheckpoints(admin);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            boolean unanswered = e instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException;
            String reason = unanswered ? "no answer within " + timeoutMillis + " ms" : cause.getMessage();
            throw new ConfigurationException(UNPREPARED.said(Map.of("tenants-topic", settings.tenantsTopic(),
                    "checkpoints-topic", settings.checkpointsTopic(), "group", settings.group(),
                    "brokers", String.valueOf(client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)), "detail", reason)),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the cluster topics", e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private void ensureTenants(Admin admin, int tenants) throws ExecutionException, InterruptedException, TimeoutException {
        String topic = settings.tenantsTopic();
        Optional<TopicDescription> existing = describe(admin, topic);
        if (existing.isEmpty()) {
            create(admin, new NewTopic(topic, Optional.of(tenants), settings.replicationFactor()));
            return;
        }
        int partitions = existing.get().partitions().size();
        if (partitions < tenants) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(tenants))).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.info("cluster mode: {} grew from {} to {} partitions, one per tenant", topic, partitions, tenants);
        } else if (partitions > tenants) {
            LOG.warn("cluster mode: {} has {} partitions for {} tenants; the instances share partitions, not tenants, so"
                    + " the tenants may spread unevenly: delete the topic while every instance is stopped to let it be made"
                    + " again with one partition per tenant", topic, partitions, tenants);
        }
    }

    private void ensureCheckpoints(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        String topic = settings.checkpointsTopic();
        if (describe(admin, topic).isEmpty()) {
            create(admin, new NewTopic(topic, Optional.of(1), settings.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(timeoutMillis, TimeUnit.MILLISECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new ConfigurationException("cluster mode: topic " + topic + " has cleanup.policy=" + policy
                    + "; checkpoints need cleanup.policy=compact (retention would delete them and restart tenants from"
                    + " relay.backfill.start): kafka-configs --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact");
        }
    }

    private Optional<TopicDescription> describe(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (!admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS).contains(topic)) {
            return Optional.empty();
        }
        return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS)
                .get(topic));
    }

    private void create(Admin admin, NewTopic topic) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.info("cluster mode: created topic {} ({} partition(s))", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another instance creating it at the same moment is fine
            }
        }
    }
}
