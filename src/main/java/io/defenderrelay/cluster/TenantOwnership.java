package io.defenderrelay.cluster;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What taking and letting go of tenants means on this instance. Taking: fence the previous owner (the tenant's
 * transactional producer), read the committed checkpoints, start polling. Letting go: stop writing for the tenant
 * first (its store entry and its open transaction), then stop its poll and forget what memory held of it.
 */
final class TenantOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(TenantOwnership.class);

    private final TenantTransactions transactions;
    private final KafkaCheckpointStore checkpoints;
    private final TenantPolls polls;

    TenantOwnership(TenantTransactions transactions, KafkaCheckpointStore checkpoints, TenantPolls polls) {
        this.transactions = transactions;
        this.checkpoints = checkpoints;
        this.polls = polls;
    }

    void acquire(List<String> tenants) {
        if (tenants.isEmpty()) {
            return;
        }
        for (String tenant : tenants) {
            polls.stop(tenant); // a tenant taken again after fencing: its old poll must be over
            try {
                transactions.take(tenant);
            } catch (KafkaException e) {
                LOG.warn("tenant {}: cannot take its transactional id yet ({}); its next poll tries again", tenant,
                        e.toString());
                transactions.takeLater(tenant);
            }
        }
        checkpoints.takeOver(tenants);
        tenants.forEach(polls::start);
    }

    /** Never throws: the group waits for this before anyone else takes the tenants. */
    void release(List<String> tenants) {
        for (String tenant : tenants) {
            // first nothing more is written for it, so its poll in progress ends at its next record or save
            transactions.closing(tenant);
            checkpoints.release(tenant);
            try {
                polls.stop(tenant);
            } catch (RuntimeException e) {
                LOG.warn("tenant {}: {}", tenant, e.getMessage());
            }
            transactions.drop(tenant);
        }
    }

    boolean isFenced(String tenant) {
        return transactions.isFenced(tenant);
    }
}
