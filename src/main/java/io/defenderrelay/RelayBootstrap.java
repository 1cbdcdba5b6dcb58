package io.defenderrelay;

import io.defenderrelay.auth.CertificateExpiry;
import io.defenderrelay.auth.ClientCredential;
import io.defenderrelay.auth.GraphTokenProvider;
import io.defenderrelay.auth.InvalidCredentialsException;
import io.defenderrelay.auth.MsalHttpClient;
import io.defenderrelay.auth.PemCredentials;
import io.defenderrelay.cluster.ClusterMode;
import io.defenderrelay.cluster.ClusterSettings;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.Durations;
import io.defenderrelay.config.EnvReferences;
import io.defenderrelay.config.GivenSettings;
import io.defenderrelay.config.KnownKeys;
import io.defenderrelay.config.Problems;
import io.defenderrelay.config.ProxySettings;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.StartupCheck;
import io.defenderrelay.config.TenantSettings;
import io.defenderrelay.config.TrustedCertificates;
import io.defenderrelay.deliver.KafkaClients;
import io.defenderrelay.deliver.KafkaProbe;
import io.defenderrelay.deliver.SinkAcknowledgements;
import io.defenderrelay.deliver.SinkRouter;
import io.defenderrelay.deliver.SinkRules;
import io.defenderrelay.graph.GraphConfiguration;
import io.defenderrelay.graph.GraphRequestCounter;
import io.defenderrelay.graph.TenantRuntime;
import io.defenderrelay.graph.Tenants;
import io.defenderrelay.graph.WindowPlanner;
import io.defenderrelay.observe.ReadinessCheck;
import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.simulator.DemoTenant;
import io.defenderrelay.support.OwnerOnly;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the tenants of application.properties into running ones: credentials, TLS trust, and one poll route per
 * tenant from the poll-alerts template. Every other bean comes from its package's configuration class.
 */
final class RelayBootstrap extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RelayBootstrap.class);

    private final RelayHome home;
    private final RelayRun run;
    private final boolean poll;
    private DemoTenant demoTenant;

    /** @param poll false: the tenants are wired (credentials, trust, the demo) but no poll route is made */
    RelayBootstrap(RelayHome home, RelayRun run, boolean poll) {
        this.home = home;
        this.run = run;
        this.poll = poll;
    }

    /** Refuses a configuration with any problem, all of them at once, before routes and beans are made of it. */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        EnvReferences.resolveIn(context);
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(context);
        SettingsSource settings = SettingsSource.of(context);
        Problems problems = StartupCheck.run(GivenSettings.of(context), settings, KnownKeys.shipped(),
                home.routeFiles(location -> matchesAFile(resolver, location)), run.home());
        home.checkReload(settings, problems);
        problems.refuseIfAny();
        context.getManagementStrategy().addEventNotifier(new GraphRequestCounter());
    }

    private static boolean matchesAFile(PackageScanResourceResolver resolver, String location) {
        try {
            return resolver.findResources(location).stream().anyMatch(Resource::exists);
        } catch (Exception e) {
            throw new ConfigurationException("relay.routes: cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        try {
            startTenants(main.getCamelContext());
            probeKafka(main.getCamelContext());
        } catch (RuntimeException e) {
            closeDemo(); // its threads would keep a JVM whose start failed alive
            throw e;
        }
    }

    /** An unreachable Kafka is said within seconds, not when the first window's delivery timeout ends. */
    private static void probeKafka(CamelContext context) {
        SettingsSource settings = SettingsSource.of(context);
        if (SinkRules.enabled(settings, "kafka")) {
            KafkaProbe.of(context, settings.value("relay.sink.kafka.uri"),
                    Durations.parse(settings.value("relay.sink.kafka.probe-timeout")),
                    Duration.ofMillis(Long.parseLong(settings.value("relay.sink.kafka.delivery-timeout-ms"))))
                    .startInBackground();
        }
    }

    private void startTenants(CamelContext context) {
        SettingsSource settings = SettingsSource.of(context);
        GivenSettings given = GivenSettings.of(context);
        Clock clock = Clock.systemUTC();

        Problems problems = new Problems();
        List<TenantSettings> configured = TenantSettings.readAll(settings, given, run.home(), problems);
        problems.refuseIfAny();
        String demo = settings.value("relay.demo").toLowerCase(Locale.ROOT);
        List<X509Certificate> extraTrust = new ArrayList<>();
        settings.get("relay.trust-store").ifPresent(path ->
                extraTrust.addAll(TrustedCertificates.read(Path.of(path), settings.get("relay.trust-store-password").orElse(null))));
        URI authorityOverride = settings.get("relay.authority-host").map(URI::create).orElse(null);
        URI graphOverride = settings.get("relay.graph-host").map(URI::create).orElse(null);

        // auto: the simulator only when no tenant key or file is there at all, so a misspelled tenant never falls back
        if (demo.equals("true") || (demo.equals("auto") && TenantSettings.noneConfigured(settings, given))) {
            demoTenant = DemoTenant.start();
            configured = List.of(demoTenant.settings());
            extraTrust.add(demoTenant.certificate());
            authorityOverride = demoTenant.baseUrl();
            graphOverride = demoTenant.baseUrl();
            if (settings.get("relay.backfill.start").isEmpty()) {
                context.getPropertiesComponent().addOverrideProperty("relay.backfill.start", DemoTenant.BACKFILL);
            }
            if (poll) {
                LOG.info(banner(demoTenant, run.resolve(settings.value("relay.sink.file.dir"))));
            }
        }

        TrustedCertificates trust = TrustedCertificates.withExtra(extraTrust);
        ProxySettings proxy = ProxySettings.read(settings);
        context.getRegistry().bind("proxySettings", proxy);
        Duration tokenTimeout = Durations.parse(settings.value("relay.token.timeout"));
        Duration expiryWarning = Durations.parse(settings.value("relay.certificate.expiry-warning"));
        RelayHealth health = context.getRegistry().lookupByNameAndType("relayHealth", RelayHealth.class);
        List<TenantRuntime> runtimes = new ArrayList<>();
        List<InvalidCredentialsException> refused = new ArrayList<>();
        MsalHttpClient tokenRequests = new MsalHttpClient(trust.sslContext(), tokenTimeout, proxy);
        // its kept-alive connections end with the relay, not with the JVM (tests start many relays in one)
        closeWhenStopped(context, tokenRequests);
        for (TenantSettings tenant : selected(configured)) {
            URI authority = authorityOverride != null ? authorityOverride : tenant.cloud().authorityHost();
            URI graph = graphOverride != null ? graphOverride : tenant.cloud().graphHost();
            try {
                GraphTokenProvider tokens = new GraphTokenProvider(tenant.name(), tenant.tenantId(), tenant.clientId(),
                        credential(tenant, clock, expiryWarning, health), authority, graph, tokenRequests);
                runtimes.add(new TenantRuntime(tenant, tokens, tokens.graphHost()));
            } catch (InvalidCredentialsException e) {
                refused.add(e); // every tenant's credentials are checked before any is refused
            }
        }
        if (refused.size() == 1) {
            throw refused.get(0);
        }
        refused.forEach(e -> problems.add(e.getMessage()));
        problems.refuseIfAny();
        Tenants tenants = new Tenants(runtimes);
        context.getRegistry().bind("tenants", tenants);

        SSLContextParameters tls = new SSLContextParameters();
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setTrustManager(trust.trustManager());
        tls.setTrustManagers(trustManagers);
        context.getComponent("https", HttpComponent.class).setSslContextParameters(tls);
        for (String scheme : List.of("http", "https")) {
            context.getComponent(scheme, HttpComponent.class).setHttpClientConfigurer(proxy);
        }
        if (!proxy.isDirect()) {
            LOG.info("token, Graph and SIEM requests go through proxy {}{}", proxy.url(), settings.get("relay.proxy.no-proxy")
                    .map(hosts -> " (direct to " + hosts + ")").orElse(""));
        }

        if (Boolean.parseBoolean(settings.value("relay.sink.siem.enabled"))) {
            settings.get("relay.sink.siem.token-file").ifPresent(file ->
                    OwnerOnly.warnIfReadableByOthers(Path.of(file), "the SIEM token file (relay.sink.siem.token-file)"));
        }

        if (!poll) {
            return;
        }
        ClusterMode cluster = null;
        if (ClusterSettings.enabled(settings) && run.backfill().isPresent()) {
            // a backfill runs alone, with checkpoints of its own: it takes no tenant from the group
            context.getPropertiesComponent().addOverrideProperty("relay.cluster.enabled", "false");
        } else if (ClusterSettings.enabled(settings)) {
            cluster = new ClusterMode(ClusterSettings.read(settings),
                    KafkaClients.of(context, settings.value("relay.sink.kafka.uri")),
                    Durations.parse(settings.value("relay.sink.kafka.probe-timeout")), tenants.all().stream().map(tenant -> tenant.settings().name()).toList(),
                    context.getRegistry().lookupByNameAndType("relayMetrics", RelayMetrics.class), clock);
            context.getRegistry().bind(GraphConfiguration.CLUSTER_CHECKPOINTS, cluster.checkpoints());
            context.getRegistry().bind("tenantTransactions", cluster.transactions());
            cluster.transactions().onAbort(tenant -> {
                context.getRegistry().lookupByNameAndType("windowPlanner", WindowPlanner.class).release(tenant);
                context.getRegistry().lookupByNameAndType("sinkAcknowledgements", SinkAcknowledgements.class)
                        .forget(tenant, "kafka");
            });
        }
        observe(context, tenants, health, cluster);
        pollThreads(context, Integer.parseInt(settings.value("relay.poll.threads")));
        String trigger = trigger(settings);
        Path stateDir = run.stateDir(settings.value("relay.state.dir"));
        Map<String, String> triggers = new LinkedHashMap<>();
        tenants.all().forEach(tenant -> triggers.put(tenant.settings().name(), trigger(tenant.settings(), trigger)));
        TenantPollRoutes pollRoutes = new TenantPollRoutes(context, triggers);
        if (cluster == null) {
            pollRoutes.addAll();
        } else {
            joinWhenStarted(context, cluster, pollRoutes);
        }
        Optional<RouteFileReload> reload = home.reload(settings, pollRoutes);
        if (reload.isPresent()) {
            try {
                context.addService(reload.get());
            } catch (Exception e) {
                throw new ConfigurationException("relay.routes.reload: cannot watch routes/: " + e.getMessage(), e);
            }
        }
        for (TenantRuntime tenant : tenants.all()) {
            LOG.info("tenant {}: polling {} every {} (login {}, graph {}, checkpoint in {})", tenant.settings().name(),
                    tenant.settings().tenantId(), triggers.get(tenant.settings().name()), tenant.tokens().authorityHost(),
                    tenant.graphHost(), cluster == null ? stateDir : "Kafka, when the cluster group assigns it here");
        }
    }

    /**
     * Cluster mode: the group may hand this instance tenants once every route runs; stopping the relay leaves the
     * group (after the polls in progress ended), so the others take its tenants without waiting for the session timeout.
     */
    private static void joinWhenStarted(CamelContext context, ClusterMode cluster, TenantPollRoutes pollRoutes) {
        closeWhenStopped(context, cluster::close);
        try {
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // routes are not running yet
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    HealthCheckRegistry.get(started).register(cluster.join(pollRoutes));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cluster mode: cannot join the group when the relay has started", e);
        }
    }

    private static void closeWhenStopped(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot tie " + resource + " to the relay's lifecycle", e);
        }
    }

    /**
     * Quartz's pool runs the polls: this many at once, whatever the number of tenants; a poll due while all are busy
     * waits for one (and a poll late by more than a minute is skipped, not queued up).
     */
    private static void pollThreads(CamelContext context, int threads) {
        Map<String, Object> quartz = new HashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", "relay-poll");
        quartz.put("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        quartz.put("org.quartz.threadPool.threadCount", String.valueOf(threads));
        quartz.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        context.getComponent("quartz", QuartzComponent.class).setProperties(quartz);
    }

    /** Readiness per tenant (in cluster mode: while it polls here) and sink, and the tenants' gauges. */
    private static void observe(CamelContext context, Tenants tenants, RelayHealth health, ClusterMode cluster) {
        RelayMetrics metrics = context.getRegistry().lookupByNameAndType("relayMetrics", RelayMetrics.class);
        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        for (TenantRuntime tenant : tenants.all()) {
            String name = tenant.settings().name();
            metrics.tenant(name);
            metrics.tokenRequests(name, tenant.tokens(), GraphTokenProvider::requests);
            checks.register(new ReadinessCheck("tenant:" + name, () -> cluster == null || cluster.tenants().contains(name)
                    ? health.tenantProblems(name) : List.of()));
        }
        for (String sink : context.getRegistry().lookupByNameAndType("sinkRouter", SinkRouter.class).sinks()) {
            checks.register(new ReadinessCheck("sink:" + sink, () -> health.sinkProblems(sink)));
        }
    }

    /** A backfill's --tenant names, each of which must be configured; every tenant otherwise. */
    private List<TenantSettings> selected(List<TenantSettings> configured) {
        Set<String> wanted = run.backfill().map(RelayRun.Backfill::tenants).orElse(Set.of());
        if (wanted.isEmpty()) {
            return configured;
        }
        List<String> names = configured.stream().map(TenantSettings::name).toList();
        Problems unknown = new Problems();
        wanted.stream().filter(name -> !names.contains(name)).sorted().forEach(name -> unknown.add("--tenant " + name
                + ": no tenant of that name is configured; the configured ones are " + String.join(", ", names)));
        unknown.refuseIfAny();
        return configured.stream().filter(tenant -> wanted.contains(tenant.name())).toList();
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        closeDemo();
    }

    /** Stops the demo tenant's simulator, if this run started one. */
    void closeDemo() {
        if (demoTenant != null) {
            demoTenant.close();
            demoTenant = null;
        }
    }

    /** The tenant's credential; its expiry, where known, goes to readiness (and a WARN now if it is close). */
    private static ClientCredential credential(TenantSettings tenant, Clock clock, Duration expiryWarning,
                                               RelayHealth health) {
        if (tenant.clientSecret() != null) {
            Instant expires = tenant.secretExpires();
            if (expires != null) {
                health.credentialExpires(tenant.name(), expires, "the client secret");
                if (!expires.isAfter(clock.instant().plus(expiryWarning))) {
                    LOG.warn("tenant {}: its client secret expires {} (relay.tenants[…].client-secret-expires): create"
                            + " a new one in Entra and update the relay before then", tenant.name(), expires);
                }
            }
            return GraphTokenProvider.secret(tenant.clientSecret());
        }
        OwnerOnly.warnIfReadableByOthers(tenant.privateKey(), "tenant " + tenant.name() + "'s private key file"
                + " (relay.tenants[…].private-key)");
        PemCredentials pem = PemCredentials.load(tenant.certificate(), tenant.privateKey(), clock);
        new CertificateExpiry(tenant.name(), pem, clock, expiryWarning).warnIfExpiringSoon();
        health.credentialExpires(tenant.name(), pem.certificate().getNotAfter().toInstant(), pem.describe());
        return GraphTokenProvider.certificate(pem);
    }

    /** Quartz trigger options: relay.poll.cron when set (not for a backfill, which starts at once), else the interval. */
    private String trigger(SettingsSource settings) {
        Optional<String> cron = settings.get("relay.poll.cron");
        if (cron.isPresent() && run.backfill().isEmpty()) {
            return "cron=" + URLEncoder.encode(cron.get(), StandardCharsets.UTF_8);
        }
        return "trigger.repeatInterval=" + Durations.parse(settings.value("relay.poll.interval")).toMillis();
    }

    /** A tenant's own poll-interval replaces relay.poll.interval and relay.poll.cron for it. */
    private static String trigger(TenantSettings tenant, String configured) {
        return tenant.pollInterval() == null ? configured : "trigger.repeatInterval=" + tenant.pollInterval().toMillis();
    }

    private static String banner(DemoTenant sim, Path output) {
        return String.join(System.lineSeparator(), "",
                "==================================================================================",
                " defender-relay DEMO: no tenant configured, polling the built-in simulated tenant",
                "   tenant  " + sim.settings().name() + " (" + sim.settings().tenantId() + ")",
                "   Graph   " + sim.baseUrl() + " (self-signed, trusted in demo mode only)",
                "   output  " + output,
                " Configure relay.tenants[0].* in application.properties to poll a real tenant.",
                "==================================================================================");
    }
}
