package io.defenderrelay;

import io.defenderrelay.auth.CertificateExpiry;
import io.defenderrelay.auth.ClientCredential;
import io.defenderrelay.auth.GraphAuthorization;
import io.defenderrelay.auth.GraphTokenProvider;
import io.defenderrelay.auth.PemCredentials;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.SinkSettings;
import io.defenderrelay.config.TenantRuntime;
import io.defenderrelay.config.TenantSettings;
import io.defenderrelay.config.Tenants;
import io.defenderrelay.config.TrustedCertificates;
import io.defenderrelay.deliver.DeadLetterFile;
import io.defenderrelay.deliver.NdjsonFileSink;
import io.defenderrelay.deliver.SiemDelivery;
import io.defenderrelay.deliver.SinkAcknowledgements;
import io.defenderrelay.deliver.SinkRouter;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.graph.GraphErrors;
import io.defenderrelay.graph.GraphPages;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.graph.PollSettings;
import io.defenderrelay.graph.RetryAfterDelay;
import io.defenderrelay.graph.SeenAlerts;
import io.defenderrelay.graph.WindowPlanner;
import io.defenderrelay.graph.WindowSplitter;
import io.defenderrelay.simulator.DemoTenant;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/** Turns application.properties into running tenants: credentials, trust, beans, and one poll route per tenant. */
final class RelayBootstrap extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RelayBootstrap.class);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** The route files to load: relay.routes (comma-separated globs under routes/), default every YAML route. */
    static String routesPattern(Path home, Path propertiesFile) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + propertiesFile, e);
        }
        SettingsSource settings = new SettingsSource(key -> Optional.ofNullable(file.getProperty(key)), System::getenv);
        String routesDir = home.resolve("routes").toAbsolutePath().normalize().toString();
        return Arrays.stream(settings.get("relay.routes", "*.camel.yaml").split(","))
                .map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> "file:" + routesDir + "/" + p).collect(Collectors.joining(","));
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        SettingsSource settings = new SettingsSource(
                key -> context.getPropertiesComponent().resolveProperty(key), System::getenv);
        Clock clock = Clock.systemUTC();
        Path stateDir = Path.of(settings.get("relay.state.dir", "state"));

        List<TenantSettings> configured = TenantSettings.readAll(settings);
        String demo = settings.get("relay.demo", "auto");
        List<X509Certificate> extraTrust = new ArrayList<>();
        settings.get("relay.trust-store").ifPresent(path ->
                extraTrust.addAll(TrustedCertificates.read(Path.of(path), settings.get("relay.trust-store-password").orElse(null))));
        URI authorityOverride = settings.get("relay.authority-host").map(URI::create).orElse(null);
        URI graphOverride = settings.get("relay.graph-host").map(URI::create).orElse(null);
        PollSettings poll = pollSettings(settings);

        if (demo.equals("true") || (demo.equals("auto") && configured.isEmpty())) {
            DemoTenant sim = DemoTenant.start();
            closeables.add(sim);
            configured = List.of(sim.settings());
            extraTrust.add(sim.certificate());
            authorityOverride = sim.baseUrl();
            graphOverride = sim.baseUrl();
            if (poll.backfillStart() == null || poll.backfillStart().isBlank()) {
                poll = new PollSettings(poll.ingestionDelay(), poll.lookback(), poll.maxWindow(), DemoTenant.BACKFILL);
            }
            LOG.info(banner(sim, settings));
        } else if (configured.isEmpty()) {
            throw new ConfigurationException("no tenant configured: set relay.tenants[0].tenant-id, client-id and a "
                    + "client-secret or certificate + private-key in application.properties, or relay.demo=auto to run "
                    + "against the built-in simulated tenant");
        }

        TrustedCertificates trust = TrustedCertificates.withExtra(extraTrust);
        Duration tokenTimeout = duration(settings.get("relay.token.timeout", "30s"));
        Duration expiryWarning = duration(settings.get("relay.certificate.expiry-warning", "30d"));
        List<TenantRuntime> runtimes = new ArrayList<>();
        for (TenantSettings tenant : configured) {
            URI authority = authorityOverride != null ? authorityOverride : tenant.cloud().authorityHost();
            URI graph = graphOverride != null ? graphOverride : tenant.cloud().graphHost();
            GraphTokenProvider tokens = new GraphTokenProvider(tenant.name(), tenant.tenantId(), tenant.clientId(),
                    credential(tenant, clock, expiryWarning), authority, graph, trust.sslContext(), tokenTimeout);
            runtimes.add(new TenantRuntime(tenant, tokens, tokens.graphHost()));
        }
        Tenants tenants = new Tenants(runtimes);

        SeenAlerts seen = new SeenAlerts();
        Registry registry = context.getRegistry();
        registry.bind("tenants", tenants);
        registry.bind("alertWindows", new WindowPlanner(new FileCheckpointStore(stateDir), poll, seen, clock));
        registry.bind("graphPages", new GraphPages(tenants,
                new WindowSplitter(Integer.parseInt(settings.get("relay.graph.window-target", "800")))));
        GraphAuthorization authorization = new GraphAuthorization(tenants);
        registry.bind("graphAuthorization", authorization);
        registry.bind("refreshTokenOnRetry", (Processor) authorization::refreshOnRetry);
        registry.bind("graphErrors", new GraphErrors());
        registry.bind("retryAfter", new RetryAfterDelay(clock,
                Duration.ofMillis(Long.parseLong(settings.get("relay.graph.max-retry-delay-ms", "120000")))));
        registry.bind("seenAlerts", seen);
        registry.bind("pollFailures", new PollFailures(tenants));
        registry.bind("fileSink", fileSink(settings, clock));
        DeadLetterFile deadLetters = deadLetters(settings, clock);
        registry.bind("deadLetters", deadLetters);
        registry.bind("sinkRouter", new SinkRouter(SinkSettings.rules(settings)));
        registry.bind("sinkAcknowledgements", new SinkAcknowledgements());
        registry.bind("siemDelivery", new SiemDelivery(SinkSettings.siem(settings), deadLetters, clock));

        SSLContextParameters tls = new SSLContextParameters();
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setTrustManager(trust.trustManager());
        tls.setTrustManagers(trustManagers);
        context.getComponent("https", HttpComponent.class).setSslContextParameters(tls);

        String trigger = trigger(settings);
        for (TenantRuntime tenant : tenants.all()) {
            try {
                TemplatedRouteBuilder.builder(context, "poll-alerts")
                        .routeId("poll-" + tenant.settings().name())
                        .parameter("tenant", tenant.settings().name())
                        .parameter("trigger", trigger)
                        .add();
            } catch (Exception e) {
                throw new ConfigurationException("cannot create the poll route of tenant " + tenant.settings().name()
                        + " from the poll-alerts template in routes/: " + e.getMessage(), e);
            }
            LOG.info("tenant {}: polling {} every {} (graph {}, checkpoint in {})", tenant.settings().name(),
                    tenant.settings().tenantId(), trigger, tenant.graphHost(), stateDir.toAbsolutePath());
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }

    private NdjsonFileSink fileSink(SettingsSource settings, Clock clock) {
        Path dir = Path.of(settings.get("relay.sink.file.dir", "out"));
        try {
            NdjsonFileSink sink = new NdjsonFileSink(dir, Boolean.parseBoolean(settings.get("relay.sink.file.per-tenant", "false")),
                    Long.parseLong(settings.get("relay.sink.file.max-bytes", String.valueOf(256L * 1024 * 1024))), clock);
            closeables.add(sink);
            return sink;
        } catch (IOException e) {
            throw new ConfigurationException("relay.sink.file.dir " + dir.toAbsolutePath() + " is not writable: " + e.getMessage(), e);
        }
    }

    private DeadLetterFile deadLetters(SettingsSource settings, Clock clock) {
        Path dir = Path.of(settings.get("relay.dead-letter.dir", "out"));
        try {
            DeadLetterFile file = new DeadLetterFile(dir, clock);
            closeables.add(file);
            return file;
        } catch (IOException e) {
            throw new ConfigurationException("relay.dead-letter.dir " + dir.toAbsolutePath() + " is not writable: " + e.getMessage(), e);
        }
    }

    private static ClientCredential credential(TenantSettings tenant, Clock clock, Duration expiryWarning) {
        if (tenant.clientSecret() != null) {
            return GraphTokenProvider.secret(tenant.clientSecret());
        }
        PemCredentials pem = PemCredentials.load(tenant.certificate(), tenant.privateKey(), clock);
        new CertificateExpiry(tenant.name(), pem, clock, expiryWarning).warnIfExpiringSoon();
        return GraphTokenProvider.certificate(pem);
    }

    private static PollSettings pollSettings(SettingsSource settings) {
        return new PollSettings(
                Duration.parse(settings.get("relay.ingestion-delay", "PT2M")),
                Duration.parse(settings.get("relay.lookback", "PT10M")),
                Duration.parse(settings.get("relay.poll.max-window", "PT1H")),
                settings.get("relay.backfill.start", ""));
    }

    /** Quartz trigger options: relay.poll.cron when set, else the relay.poll.interval. */
    private static String trigger(SettingsSource settings) {
        Optional<String> cron = settings.get("relay.poll.cron");
        if (cron.isPresent()) {
            return "cron=" + URLEncoder.encode(cron.get(), StandardCharsets.UTF_8);
        }
        return "trigger.repeatInterval=" + duration(settings.get("relay.poll.interval", "60s")).toMillis();
    }

    private static Duration duration(String value) {
        return value.startsWith("P") ? Duration.parse(value) : Duration.ofMillis(TimeUtils.toMilliSeconds(value));
    }

    private static String banner(DemoTenant sim, SettingsSource settings) {
        return String.join(System.lineSeparator(), "",
                "==================================================================================",
                " defender-relay DEMO: no tenant configured, polling the built-in simulated tenant",
                "   tenant  " + sim.settings().name() + " (" + sim.settings().tenantId() + ")",
                "   Graph   " + sim.baseUrl() + " (self-signed, trusted in demo mode only)",
                "   output  " + Path.of(settings.get("relay.sink.file.dir", "out")).toAbsolutePath(),
                " Configure relay.tenants[0].* in application.properties to poll a real tenant.",
                "==================================================================================");
    }
}
