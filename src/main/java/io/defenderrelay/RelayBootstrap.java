package io.defenderrelay;

import io.defenderrelay.auth.CertificateExpiry;
import io.defenderrelay.auth.ClientCredential;
import io.defenderrelay.auth.GraphTokenProvider;
import io.defenderrelay.auth.PemCredentials;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.Durations;
import io.defenderrelay.config.EnvReferences;
import io.defenderrelay.config.GivenSettings;
import io.defenderrelay.config.KnownKeys;
import io.defenderrelay.config.Problems;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.StartupCheck;
import io.defenderrelay.config.TenantSettings;
import io.defenderrelay.config.TrustedCertificates;
import io.defenderrelay.graph.TenantRuntime;
import io.defenderrelay.graph.Tenants;
import io.defenderrelay.simulator.DemoTenant;
import io.defenderrelay.support.OwnerOnly;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the tenants of application.properties into running ones: credentials, TLS trust, and one poll route per
 * tenant from the poll-alerts template. Every other bean comes from its package's configuration class.
 */
final class RelayBootstrap extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RelayBootstrap.class);

    private final RelayHome home;
    private DemoTenant demoTenant;

    RelayBootstrap(RelayHome home) {
        this.home = home;
    }

    /** Refuses a configuration with any problem, all of them at once, before routes and beans are made of it. */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        EnvReferences.resolveIn(context);
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(context);
        StartupCheck.run(GivenSettings.of(context), SettingsSource.of(context), KnownKeys.shipped(),
                home.routeFiles(location -> matchesAFile(resolver, location))).refuseIfAny();
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
        } catch (RuntimeException e) {
            closeDemo(); // its threads would keep a JVM whose start failed alive
            throw e;
        }
    }

    private void startTenants(CamelContext context) {
        SettingsSource settings = SettingsSource.of(context);
        GivenSettings given = GivenSettings.of(context);
        Clock clock = Clock.systemUTC();

        Problems problems = new Problems();
        List<TenantSettings> configured = TenantSettings.readAll(settings, given, problems);
        problems.refuseIfAny();
        String demo = settings.value("relay.demo").toLowerCase(Locale.ROOT);
        List<X509Certificate> extraTrust = new ArrayList<>();
        settings.get("relay.trust-store").ifPresent(path ->
                extraTrust.addAll(TrustedCertificates.read(Path.of(path), settings.get("relay.trust-store-password").orElse(null))));
        URI authorityOverride = settings.get("relay.authority-host").map(URI::create).orElse(null);
        URI graphOverride = settings.get("relay.graph-host").map(URI::create).orElse(null);

        // auto: the simulator only when no relay.tenants key is there at all, so a misspelled tenant never falls back
        if (demo.equals("true") || (demo.equals("auto") && given.tenantIndexes().isEmpty())) {
            demoTenant = DemoTenant.start();
            configured = List.of(demoTenant.settings());
            extraTrust.add(demoTenant.certificate());
            authorityOverride = demoTenant.baseUrl();
            graphOverride = demoTenant.baseUrl();
            if (settings.get("relay.backfill.start").isEmpty()) {
                context.getPropertiesComponent().addOverrideProperty("relay.backfill.start", DemoTenant.BACKFILL);
            }
            LOG.info(banner(demoTenant, settings));
        }

        TrustedCertificates trust = TrustedCertificates.withExtra(extraTrust);
        Duration tokenTimeout = Durations.parse(settings.value("relay.token.timeout"));
        Duration expiryWarning = Durations.parse(settings.value("relay.certificate.expiry-warning"));
        List<TenantRuntime> runtimes = new ArrayList<>();
        for (TenantSettings tenant : configured) {
            URI authority = authorityOverride != null ? authorityOverride : tenant.cloud().authorityHost();
            URI graph = graphOverride != null ? graphOverride : tenant.cloud().graphHost();
            GraphTokenProvider tokens = new GraphTokenProvider(tenant.name(), tenant.tenantId(), tenant.clientId(),
                    credential(tenant, clock, expiryWarning), authority, graph, trust.sslContext(), tokenTimeout);
            runtimes.add(new TenantRuntime(tenant, tokens, tokens.graphHost()));
        }
        Tenants tenants = new Tenants(runtimes);
        context.getRegistry().bind("tenants", tenants);

        SSLContextParameters tls = new SSLContextParameters();
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setTrustManager(trust.trustManager());
        tls.setTrustManagers(trustManagers);
        context.getComponent("https", HttpComponent.class).setSslContextParameters(tls);

        if (Boolean.parseBoolean(settings.value("relay.sink.siem.enabled"))) {
            settings.get("relay.sink.siem.token-file").ifPresent(file ->
                    OwnerOnly.warnIfReadableByOthers(Path.of(file), "the SIEM token file (relay.sink.siem.token-file)"));
        }

        String trigger = trigger(settings);
        Path stateDir = Path.of(settings.value("relay.state.dir"));
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
            LOG.info("tenant {}: polling {} every {} (login {}, graph {}, checkpoint in {})", tenant.settings().name(),
                    tenant.settings().tenantId(), trigger, tenant.tokens().authorityHost(), tenant.graphHost(),
                    stateDir.toAbsolutePath());
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        closeDemo();
    }

    private void closeDemo() {
        if (demoTenant != null) {
            demoTenant.close();
            demoTenant = null;
        }
    }

    private static ClientCredential credential(TenantSettings tenant, Clock clock, Duration expiryWarning) {
        if (tenant.clientSecret() != null) {
            return GraphTokenProvider.secret(tenant.clientSecret());
        }
        OwnerOnly.warnIfReadableByOthers(tenant.privateKey(), "tenant " + tenant.name() + "'s private key file"
                + " (relay.tenants[…].private-key)");
        PemCredentials pem = PemCredentials.load(tenant.certificate(), tenant.privateKey(), clock);
        new CertificateExpiry(tenant.name(), pem, clock, expiryWarning).warnIfExpiringSoon();
        return GraphTokenProvider.certificate(pem);
    }

    /** Quartz trigger options: relay.poll.cron when set, else the relay.poll.interval. */
    private static String trigger(SettingsSource settings) {
        Optional<String> cron = settings.get("relay.poll.cron");
        if (cron.isPresent()) {
            return "cron=" + URLEncoder.encode(cron.get(), StandardCharsets.UTF_8);
        }
        return "trigger.repeatInterval=" + Durations.parse(settings.value("relay.poll.interval")).toMillis();
    }

    private static String banner(DemoTenant sim, SettingsSource settings) {
        return String.join(System.lineSeparator(), "",
                "==================================================================================",
                " defender-relay DEMO: no tenant configured, polling the built-in simulated tenant",
                "   tenant  " + sim.settings().name() + " (" + sim.settings().tenantId() + ")",
                "   Graph   " + sim.baseUrl() + " (self-signed, trusted in demo mode only)",
                "   output  " + Path.of(settings.value("relay.sink.file.dir")).toAbsolutePath(),
                " Configure relay.tenants[0].* in application.properties to poll a real tenant.",
                "==================================================================================");
    }
}
