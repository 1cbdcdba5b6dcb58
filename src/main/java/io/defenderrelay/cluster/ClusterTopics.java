package io.defenderrelay.cluster;

import io.defenderrelay.config.ConfigurationException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final ClusterSettings settings;

    ClusterTopics(ClusterSettings settings) {
        this.settings = settings;
    }

    void ensure(Properties adminClient, int tenants) {
        try (Admin admin = Admin.create(adminClient)) {
            ensureTenants(admin, tenants);
            ensureCheckpoints(admin);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException("cluster mode: cannot prepare topics " + settings.tenantsTopic() + " and "
                    + settings.checkpointsTopic() + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + "). The relay needs the Kafka cluster of relay.sink.kafka.uri reachable, and its principal allowed"
                    + " to describe and create topics prefixed " + settings.group() + ". (or create them yourself, see"
                    + " README \"Running several instances\")", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the cluster topics", e);
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
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(tenants))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new ConfigurationException("cluster mode: topic " + topic + " has cleanup.policy=" + policy
                    + "; checkpoints need cleanup.policy=compact (retention would delete them and restart tenants from"
                    + " relay.backfill.start): kafka-configs --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact");
        }
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
            return Optional.empty();
        }
        return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic));
    }

    private static void create(Admin admin, NewTopic topic) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("cluster mode: created topic {} ({} partition(s))", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another instance creating it at the same moment is fine
            }
        }
    }
}
