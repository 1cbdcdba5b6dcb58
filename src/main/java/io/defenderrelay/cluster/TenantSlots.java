package io.defenderrelay.cluster;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.List;

/**
 * Tenants as partitions of the coordination topic: the configured names sorted, partition i standing for the i-th. Every
 * instance must be configured with the same tenants, or two instances could read one partition as different tenants.
 */
public final class TenantSlots {
    private final List<String> tenants;

    public TenantSlots(Collection<String> tenants) {
        this.tenants = tenants.stream().sorted().distinct().toList();
    }

    public int count() {
        return tenants.size();
    }

    /** The tenants these partitions stand for; partitions beyond the tenants stand for none. */
    public List<String> tenants(Collection<TopicPartition> partitions) {
        return partitions.stream().mapToInt(TopicPartition::partition).filter(p -> p < tenants.size()).sorted()
                .mapToObj(tenants::get).toList();
    }
}
