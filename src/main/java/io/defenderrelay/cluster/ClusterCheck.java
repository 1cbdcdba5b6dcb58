package io.defenderrelay.cluster;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.TreeSet;

/** Readiness "cluster": DOWN while the instance is not a working member of its group; lists the tenants it polls. */
final class ClusterCheck extends AbstractHealthCheck {
    private final ClusterMembership membership;

    ClusterCheck(ClusterMembership membership) {
        super("relay", "cluster");
        this.membership = membership;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("group.state", membership.state());
        builder.detail("tenants", String.join(",", new TreeSet<>(membership.tenants())));
        if (membership.problems().isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", membership.problems())).down();
        }
    }
}
