package io.defenderrelay.deliver;

import io.defenderrelay.normalize.AlertNormalizer;

import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The routing table of the content-based router: for one event's routing facts, the sinks whose {@link SinkRule}
 * accepts it. Rules come from application.properties (relay.sink.&lt;sink&gt;.*), so changing who gets what needs no
 * Java; which route serves a sink is said in routes/deliver.camel.yaml.
 */
public final class SinkRouter {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRouter.class);

    private final List<SinkRule> rules;
    private final Map<String, Set<String>> tenantSinks;
    private final AtomicLong unrouted = new AtomicLong();

    public SinkRouter(List<SinkRule> rules) {
        this(rules, Map.of());
    }

    /** @param tenantSinks the tenants that name their own sinks (relay.tenants[i].sinks), by name: only those */
    public SinkRouter(List<SinkRule> rules, Map<String, Set<String>> tenantSinks) {
        this.rules = List.copyOf(rules);
        this.tenantSinks = tenantSinks.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(entry -> entry.getKey().toLowerCase(Locale.ROOT),
                        entry -> Set.copyOf(entry.getValue())));
    }

    /** Every sink the router knows, in delivery order. */
    public List<String> sinks() {
        return rules.stream().map(SinkRule::sink).toList();
    }

    /**
     * The route's step (routes/normalize.camel.yaml): header {@value GroupBySink#SINKS} = {@link #sinksFor} the
     * routing facts normalization left in the event's headers. A plain bean call: binding six header expressions
     * to a method's parameters cost more than the routing itself.
     */
    public void route(Message event) {
        event.setHeader(GroupBySink.SINKS, sinksFor(event.getHeader(AlertNormalizer.SEVERITY_ID, Integer.class),
                event.getHeader(AlertNormalizer.CATEGORY, String.class),
                event.getHeader(AlertNormalizer.SERVICE_SOURCE, String.class),
                event.getHeader(AlertNormalizer.TENANT, String.class),
                event.getHeader(AlertNormalizer.SUPPRESSED, Boolean.class),
                event.getHeader(AlertNormalizer.EVENT_UID, String.class)));
    }

    /**
     * The enabled sinks that take this event; empty when none does. That is not an error (the operator's rules
     * said so), but it is counted and traceable.
     *
     * @param suppressed whether a Defender suppression rule resolved the alert (header relaySuppressed)
     */
    public List<String> sinksFor(Integer severityId, String category, String serviceSource, String tenant,
                                 Boolean suppressed, String eventUid) {
        int severity = severityId == null ? 0 : severityId;
        boolean suppressedAlert = Boolean.TRUE.equals(suppressed);
        Set<String> allowed = tenant == null ? null : tenantSinks.get(tenant.toLowerCase(Locale.ROOT));
        List<String> sinks = rules.stream()
                .filter(rule -> rule.accepts(severity, category, serviceSource, tenant, suppressedAlert))
                .map(SinkRule::sink).filter(sink -> allowed == null || allowed.contains(sink)).toList();
        if (sinks.isEmpty()) {
            unrouted.incrementAndGet();
            LOG.debug("event {} matched no enabled sink rule; not delivered anywhere", eventUid);
        }
        return sinks;
    }

    public long unroutedCount() {
        return unrouted.get();
    }
}
