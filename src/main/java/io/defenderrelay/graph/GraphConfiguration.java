package io.defenderrelay.graph;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The beans of routes/poll-alerts.camel.yaml. They need the configured {@link Tenants}, which RelayBootstrap binds
 * once credentials and trust are ready, so each is made when a route first needs it.
 */
public class GraphConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public SeenAlerts seenAlerts() {
        return new SeenAlerts();
    }

    @BindToRegistry(lazy = true)
    public ReadProgress readProgress() {
        return new ReadProgress();
    }

    /** This machine's clock as RelayMain bound it (tests bind a skewed one). */
    @BindToRegistry(lazy = true)
    public GraphClock graphClock(@BeanInject("relayClock") Clock relayClock) {
        return new GraphClock(relayClock);
    }

    @BindToRegistry(lazy = true)
    public PollSettings pollSettings(@PropertyInject("relay.ingestion-delay") String ingestionDelay,
                                     @PropertyInject("relay.lookback") String lookback,
                                     @PropertyInject("relay.poll.max-window") String maxWindow,
                                     @PropertyInject("relay.backfill.start") String backfillStart,
                                     @PropertyInject("relay.late-audit") String lateAudit) {
        return new PollSettings(Duration.parse(ingestionDelay), Duration.parse(lookback), Duration.parse(maxWindow),
                backfillStart, Duration.parse(lateAudit));
    }

    @BindToRegistry(lazy = true)
    public LateAlerts lateAlerts(ReadProgress readProgress, PollSettings pollSettings) {
        return new LateAlerts(pollSettings.lookback(), readProgress);
    }

    @BindToRegistry(lazy = true)
    public WindowPlanner windowPlanner(SeenAlerts seenAlerts, ReadProgress readProgress, LateAlerts lateAlerts,
                                       GraphClock graphClock, PollSettings pollSettings,
                                       @PropertyInject("relay.state.dir") String stateDir) {
        return new WindowPlanner(new FileCheckpointStore(Path.of(stateDir)), pollSettings, seenAlerts, readProgress,
                lateAlerts, graphClock);
    }

    @BindToRegistry(lazy = true)
    public GraphPages graphPages(Tenants tenants, ReadProgress readProgress, GraphClock graphClock,
                                 @PropertyInject("relay.graph.window-target") int windowTarget,
                                 @PropertyInject("relay.graph.max-page-bytes") long maxPageBytes) {
        return new GraphPages(tenants, new WindowSplitter(windowTarget), readProgress, graphClock, maxPageBytes);
    }

    @BindToRegistry(lazy = true)
    public GraphAuthorization graphAuthorization(Tenants tenants) {
        return new GraphAuthorization(tenants);
    }

    @BindToRegistry(lazy = true)
    public RefreshTokenOnRetry refreshTokenOnRetry(Tenants tenants) {
        return new RefreshTokenOnRetry(tenants);
    }

    @BindToRegistry(lazy = true)
    public GraphFailureDiagnosis graphFailureDiagnosis() {
        return new GraphFailureDiagnosis();
    }

    @BindToRegistry(lazy = true)
    public PollFailures pollFailures(Tenants tenants) {
        return new PollFailures(tenants);
    }
}
