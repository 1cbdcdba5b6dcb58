package io.defenderrelay.graph;

import io.defenderrelay.config.ProxySettings;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The beans of routes/poll-alerts.camel.yaml. They need the configured {@link Tenants}, which RelayBootstrap binds
 * once credentials and trust are ready, so each is made when a route first needs it.
 */
public class GraphConfiguration implements CamelConfiguration {
    /** The registry name of cluster mode's checkpoint store. */
    public static final String CLUSTER_CHECKPOINTS = "clusterCheckpoints";

    @BindToRegistry(lazy = true)
    public SeenAlerts seenAlerts(RelayMetrics relayMetrics) {
        return new SeenAlerts(relayMetrics);
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

    /** The configured windows; a backfill command's range instead of relay.backfill.start, and no late audit. */
    @BindToRegistry(lazy = true)
    public PollSettings pollSettings(@BeanInject("relayRun") RelayRun relayRun,
                                     @PropertyInject("relay.ingestion-delay") String ingestionDelay,
                                     @PropertyInject("relay.lookback") String lookback,
                                     @PropertyInject("relay.poll.max-window") String maxWindow,
                                     @PropertyInject("relay.backfill.start") String backfillStart,
                                     @PropertyInject("relay.late-audit") String lateAudit) {
        Optional<RelayRun.Backfill> backfill = relayRun.backfill();
        return new PollSettings(Duration.parse(ingestionDelay), Duration.parse(lookback), Duration.parse(maxWindow),
                backfill.map(range -> range.from().toString()).orElse(backfillStart),
                backfill.isPresent() ? Duration.ZERO : Duration.parse(lateAudit),
                backfill.map(RelayRun.Backfill::to).orElse(null));
    }

    @BindToRegistry(lazy = true)
    public LateAlerts lateAlerts(ReadProgress readProgress, PollSettings pollSettings) {
        return new LateAlerts(pollSettings.lookback(), readProgress);
    }

    @BindToRegistry(lazy = true)
    public WindowPlanner windowPlanner(SeenAlerts seenAlerts, ReadProgress readProgress, LateAlerts lateAlerts,
                                       GraphClock graphClock, PollSettings pollSettings, RelayHealth relayHealth,
                                       @BeanInject("relayRun") RelayRun relayRun, CamelContext context,
                                       @PropertyInject("relay.state.dir") String stateDir) {
        // cluster mode binds its Kafka store (RelayBootstrap); a single instance keeps files
        CheckpointStore store = Optional.ofNullable(context.getRegistry().lookupByNameAndType(CLUSTER_CHECKPOINTS,
                CheckpointStore.class)).orElseGet(() -> new FileCheckpointStore(relayRun.stateDir(stateDir)));
        CheckpointStore checkpoints = new ReportedCheckpoints(store, relayHealth);
        return new WindowPlanner(checkpoints, pollSettings, seenAlerts, readProgress, lateAlerts, graphClock);
    }

    @BindToRegistry(lazy = true)
    public GraphPages graphPages(Tenants tenants, ReadProgress readProgress, GraphClock graphClock,
                                 RelayMetrics relayMetrics, @PropertyInject("relay.graph.window-target") int windowTarget,
                                 @PropertyInject("relay.graph.max-page-bytes") long maxPageBytes) {
        return new GraphPages(tenants, new WindowSplitter(windowTarget), readProgress, graphClock, relayMetrics,
                maxPageBytes);
    }

    /** One reader per running poll at most: as many as Quartz runs polls at once. */
    @BindToRegistry(lazy = true)
    public ReadAhead readAhead(CamelContext context, @PropertyInject("relay.poll.threads") int pollThreads) {
        return new ReadAhead(context, pollThreads);
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
    public PollFailures pollFailures(Tenants tenants, ProxySettings proxySettings, RelayMetrics relayMetrics,
                                     RelayHealth relayHealth,
                                     @PropertyInject("relay.sink.kafka.brokers") String kafkaBrokers) {
        return new PollFailures(tenants, proxySettings, kafkaBrokers, relayMetrics, relayHealth);
    }
}
