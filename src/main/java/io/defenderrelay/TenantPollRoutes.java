package io.defenderrelay;

import io.defenderrelay.cluster.TenantPolls;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.graph.WindowPlanner;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The poll-&lt;tenant&gt; routes, one per tenant from the poll-alerts template; made again from the reloaded template
 * after an edited route file was reloaded (relay.routes.reload), since Camel only replaces the routes a file defines.
 * In cluster mode the group starts and stops them as it assigns tenants to this instance.
 */
final class TenantPollRoutes implements TenantPolls {
    private static final Logger LOG = LoggerFactory.getLogger(TenantPollRoutes.class);
    private static final String TEMPLATE = "poll-alerts";

    private final CamelContext context;
    private final Map<String, String> triggers;

    /** @param triggers each tenant's Quartz trigger options, in the order the tenants are configured */
    TenantPollRoutes(CamelContext context, Map<String, String> triggers) {
        this.context = context;
        this.triggers = Collections.unmodifiableMap(new LinkedHashMap<>(triggers));
    }

    void addAll() {
        triggers.keySet().forEach(this::add);
    }

    @Override
    public void start(String tenant) {
        if (context.getRoute(routeId(tenant)) == null) {
            add(tenant);
        }
    }

    /** Stops and removes the tenant's route (its poll in progress finishes first) and forgets its progress in memory. */
    @Override
    public void stop(String tenant) {
        String routeId = routeId(tenant);
        try {
            if (context.getRoute(routeId) != null) {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("tenant " + tenant + ": cannot stop its poll route: " + e.getMessage(), e);
        }
        context.getRegistry().lookupByNameAndType("windowPlanner", WindowPlanner.class).release(tenant);
    }

    private void add(String tenant) {
        try {
            TemplatedRouteBuilder.builder(context, TEMPLATE)
                    .routeId(routeId(tenant))
                    .parameter("tenant", tenant)
                    .parameter("trigger", triggers.get(tenant))
                    .add();
        } catch (Exception e) {
            throw new ConfigurationException("cannot create the poll route of tenant " + tenant
                    + " from the poll-alerts template in routes/: " + e.getMessage(), e);
        }
    }

    /** Camel adds a reloaded template next to the one it replaces (and routes would be made from the first): drop the older. */
    private void keepNewestTemplate() {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<RouteTemplateDefinition> templates = model.getRouteTemplateDefinitions().stream()
                .filter(template -> TEMPLATE.equals(template.getId())).toList();
        try {
            for (RouteTemplateDefinition older : templates.subList(0, Math.max(0, templates.size() - 1))) {
                model.removeRouteTemplateDefinition(older);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot replace the " + TEMPLATE + " template: " + e.getMessage(), e);
        }
    }

    private static String routeId(String tenant) {
        return "poll-" + tenant;
    }

    /** Each tenant's poll in progress finishes, then its route is made from the newest template. */
    void remake() {
        keepNewestTemplate();
        for (String tenant : triggers.keySet()) {
            String routeId = routeId(tenant);
            ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
            if (status == null || status == ServiceStatus.Stopped) {
                // stopped on purpose (a corrupt checkpoint): it stays stopped until the relay restarts; none: cluster
                // mode polls the tenant on another instance
                continue;
            }
            try {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
                add(tenant);
                LOG.info("tenant {}: poll route made again from the reloaded poll-alerts template", tenant);
            } catch (Exception e) {
                LOG.error("tenant {}: could not make its poll route from the reloaded poll-alerts template: {}; fix"
                        + " routes/ (the tenant does not poll until then)", tenant, e.getMessage());
            }
        }
    }
}
