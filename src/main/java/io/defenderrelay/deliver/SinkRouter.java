package io.defenderrelay.deliver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The routing table of routes/deliver.camel.yaml: for one event's headers, the {@code direct:to-<sink>} endpoints
 * whose {@link SinkRule} accepts it. Rules come from application.properties, so changing who gets what needs no Java.
 */
public final class SinkRouter {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRouter.class);

    private final List<SinkRule> rules;
    private final AtomicLong unrouted = new AtomicLong();

    public SinkRouter(List<SinkRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Comma-separated recipient list; empty when no enabled sink wants the event. */
    public String recipients(Integer severityId, String category, String serviceSource, String tenant) {
        int severity = severityId == null ? 0 : severityId;
        return rules.stream().filter(rule -> rule.accepts(severity, category, serviceSource, tenant))
                .map(rule -> "direct:to-" + rule.sink()).collect(Collectors.joining(","));
    }

    /** An event no rule took: not an error (the operator's rules said so), but counted and traceable. */
    public void unrouted(String eventUid) {
        unrouted.incrementAndGet();
        LOG.debug("event {} matched no enabled sink rule; not delivered anywhere", eventUid);
    }

    public long unroutedCount() {
        return unrouted.get();
    }
}
