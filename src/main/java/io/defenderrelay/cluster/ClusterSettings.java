package io.defenderrelay.cluster;

import io.defenderrelay.config.Durations;
import io.defenderrelay.config.SettingsSource;

import java.time.Duration;
import java.util.Optional;

/**
 * relay.cluster.*: the group the instance joins, and the names derived from it (topics, transactional ids), which every
 * instance of the group derives alike.
 */
public record ClusterSettings(String group, Duration sessionTimeout, Duration transactionTimeout, short replication) {

    public static boolean enabled(SettingsSource settings) {
        return Boolean.parseBoolean(settings.value("relay.cluster.enabled"));
    }

    public static ClusterSettings read(SettingsSource settings) {
        return new ClusterSettings(settings.value("relay.cluster.group"),
                Durations.parse(settings.value("relay.cluster.session-timeout")),
                Durations.parse(settings.value("relay.cluster.transaction-timeout")),
                Short.parseShort(settings.value("relay.cluster.replication-factor")));
    }

    /** The replication factor of the topics the relay creates; empty: the brokers' default. */
    public Optional<Short> replicationFactor() {
        return replication > 0 ? Optional.of(replication) : Optional.empty();
    }

    /** The coordination topic: one partition per tenant slot; instances are assigned partitions, never read them. */
    public String tenantsTopic() {
        return group + ".tenants";
    }

    /** The compacted topic of checkpoints, keyed by tenant name. */
    public String checkpointsTopic() {
        return group + ".checkpoints";
    }

    /** The tenant's transactional id: the same on every instance, so whoever takes the tenant fences the previous owner. */
    public String transactionalId(String tenant) {
        return group + "." + tenant;
    }
}
