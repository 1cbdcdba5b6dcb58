package io.defenderrelay.observe;

import io.defenderrelay.config.Durations;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

import java.time.Clock;
import java.time.Duration;

/** Metrics and readiness. Added to Camel Main by RelayMain, which binds the registry Camel serves. */
public class ObserveConfiguration implements CamelConfiguration {
    /** Routes run once per alert (routes/normalize.camel.yaml): counted in relay_* metrics, not timed by Camel. */
    static final String PER_ALERT_ROUTES = "normalize-alert";

    @BindToRegistry(lazy = true)
    public RelayHealth relayHealth(@BeanInject("relayClock") Clock relayClock,
                                   @PropertyInject("relay.health.failed-polls") int failedPolls,
                                   @PropertyInject("relay.health.max-lag") String maxLag,
                                   @PropertyInject("relay.health.sink-failure") String sinkFailure,
                                   @PropertyInject(value = "relay.health.silence", defaultValue = "") String silence,
                                   @PropertyInject("relay.certificate.expiry-warning") String expiryWarning) {
        return new RelayHealth(new HealthThresholds(failedPolls, Durations.parse(maxLag), Durations.parse(sinkFailure),
                silence.isBlank() ? Duration.ZERO : Durations.parse(silence), Durations.parse(expiryWarning)), relayClock);
    }

    @BindToRegistry(lazy = true)
    public RelayMetrics relayMetrics(@BeanInject("metricsRegistry") MeterRegistry metricsRegistry,
                                     @BeanInject("relayClock") Clock relayClock, RelayHealth relayHealth) {
        return new RelayMetrics(metricsRegistry, relayHealth, relayClock);
    }

    /**
     * Camel's route metrics when camel.metrics.enabled (camel.metrics.enable-route-policy = false keeps Camel Main
     * from adding its own), for every route but the one run per alert: its timer cost more than the routing it timed.
     */
    @Override
    public void configure(CamelContext context) {
        if (!Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{camel.metrics.enabled:false}}"))) {
            return;
        }
        MicrometerRoutePolicyConfiguration perRoute = new MicrometerRoutePolicyConfiguration();
        perRoute.setExcludePattern(PER_ALERT_ROUTES);
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class));
        routeMetrics.setPolicyConfiguration(perRoute);
        context.addRoutePolicyFactory(routeMetrics);
    }
}
