package io.defenderrelay.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One tenant's or sink's readiness on Camel's health endpoint: DOWN with every reason {@link RelayHealth} gives. */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<List<String>> problems;

    /** @param id e.g. "tenant:contoso", "sink:kafka" */
    public ReadinessCheck(String id, Supplier<List<String>> problems) {
        super("relay", id);
        this.problems = problems;
    }

    @Override
    public boolean isLiveness() {
        return false; // a stuck tenant needs its operator, not a restart
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> reasons = problems.get();
        if (reasons.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", reasons)).down();
        }
    }
}
