package io.defenderrelay.simulator;

import io.defenderrelay.config.Cloud;
import io.defenderrelay.config.TenantSettings;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** The embedded default: a simulated tenant with two hours of alerts and a steady trickle of new ones. */
public final class DemoTenant implements AutoCloseable {

    /** How far back the demo reads when relay.backfill.start is empty. */
    public static final String BACKFILL = "PT2H";

    private final GraphSimulator simulator;
    private final TenantSettings settings;

    private DemoTenant(GraphSimulator simulator, TenantSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    public static DemoTenant start() {
        GraphSimulator simulator = GraphSimulator.start(SimulatorOptions.defaults()
                .withVisibilityDelay(Duration.ofSeconds(30)));
        String tenantId = "6f0c9d2e-0000-4000-8000-00000000de70";
        String clientId = "2b7e1d7a-0000-4000-8000-00000000de70";
        // a fresh secret each run: the simulator lives only as long as this process
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String clientSecret = HexFormat.of().formatHex(secret);
        SimTenant tenant = simulator.tenant(tenantId);
        tenant.registerSecretApp(clientId, clientSecret);
        Instant now = Instant.now();
        // inside the backfill, which starts when the relay first polls (a moment later): every demo alert is delivered
        tenant.alerts().generate(300, now.minus(Duration.parse(BACKFILL)).plus(Duration.ofMinutes(1)),
                now.minus(Duration.ofMinutes(3)));
        tenant.alerts().startLiveFeed(Duration.ofSeconds(10), 3);
        return new DemoTenant(simulator, new TenantSettings("demo", tenantId, clientId, clientSecret, null, null, Cloud.GLOBAL, null));
    }

    public TenantSettings settings() {
        return settings;
    }

    public URI baseUrl() {
        return URI.create(simulator.baseUrl());
    }

    public X509Certificate certificate() {
        return simulator.serverCertificate();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
