package io.defenderrelay;

import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.PerJvm;

import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Boots the real relay (application.properties and routes/ of this repository) against a simulator. */
public final class RelayHarness implements AutoCloseable {

    private final Main main;
    private final Path dir;
    private final DeliveredAlerts output;

    private static final PerJvm<GraphSimulator> SIMULATOR = new PerJvm<>("simulator",
            () -> GraphSimulator.start(SimulatorOptions.defaults()), GraphSimulator::close);

    private RelayHarness(Main main, Path dir) {
        this.main = main;
        this.dir = dir;
        this.output = new DeliveredAlerts(dir.resolve("out"));
    }

    /** The simulator shared by the end-to-end tests of this JVM; each test takes its own {@link #newSecretTenant}. */
    public static GraphSimulator simulator() {
        return SIMULATOR.get();
    }

    /** A fresh tenant of the shared simulator with app "app-&lt;tenant id&gt;" and secret "secret-&lt;tenant id&gt;". */
    public static SimTenant newSecretTenant() {
        SimTenant tenant = simulator().tenant(UUID.randomUUID().toString());
        tenant.registerSecretApp("app-" + tenant.tenantId(), "secret-" + tenant.tenantId());
        return tenant;
    }

    /** A fresh tenant as {@link #newSecretTenant()} makes it, with {@code alerts} alerts from {@code back} to 5 s ago. */
    public static SimTenant newSecretTenant(int alerts, Duration back) {
        SimTenant tenant = newSecretTenant();
        Instant now = Instant.now();
        tenant.alerts().generate(alerts, now.minus(back), now.minusSeconds(5));
        return tenant;
    }

    /** Settings polling {@code tenant} (made by {@link #newSecretTenant}) as relay tenant "t1", backfilling it. */
    public static Map<String, String> settingsFor(SimTenant tenant, Path dir, String backfill) {
        Map<String, String> settings = secretTenant(simulator(), dir, "t1", tenant.tenantId(),
                "app-" + tenant.tenantId(), "secret-" + tenant.tenantId());
        settings.put("relay.backfill.start", backfill);
        return settings;
    }

    /** Settings for relay tenant "t1" polling tenant {@code tenantId} of {@code sim}, given app "app" / "secret" there. */
    public static Map<String, String> secretTenantOf(GraphSimulator sim, Path dir, String tenantId) {
        sim.tenant(tenantId).registerSecretApp("app", "secret");
        return secretTenant(sim, dir, "t1", tenantId, "app", "secret");
    }

    /** Settings for one tenant with a client secret, talking to {@code sim}; tests add or replace keys. */
    public static Map<String, String> secretTenant(GraphSimulator sim, Path dir, String name, String tenantId,
                                                   String clientId, String secret) {
        Map<String, String> settings = baseSettings(sim, dir);
        putSecretTenant(settings, 0, name, tenantId, clientId, secret);
        return settings;
    }

    /** Adds {@code tenant} (made by {@link #newSecretTenant}) as relay tenant {@code index} named {@code name}. */
    public static void addSecretTenant(Map<String, String> settings, int index, String name, SimTenant tenant) {
        putSecretTenant(settings, index, name, tenant.tenantId(), "app-" + tenant.tenantId(), "secret-" + tenant.tenantId());
    }

    private static void putSecretTenant(Map<String, String> settings, int index, String name, String tenantId,
                                        String clientId, String secret) {
        String prefix = "relay.tenants[" + index + "].";
        settings.put(prefix + "name", name);
        settings.put(prefix + "tenant-id", tenantId);
        settings.put(prefix + "client-id", clientId);
        settings.put(prefix + "client-secret", secret);
    }

    public static Map<String, String> baseSettings(GraphSimulator sim, Path dir) {
        Path trust = dir.resolve("simulator.pem");
        try {
            Files.createDirectories(dir);
            Files.writeString(trust, sim.serverCertificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.demo", "false");
        settings.put("relay.authority-host", sim.baseUrl());
        settings.put("relay.graph-host", sim.baseUrl());
        settings.put("relay.trust-store", trust.toString());
        settings.put("relay.state.dir", dir.resolve("state").toString());
        settings.put("relay.sink.file.dir", dir.resolve("out").toString());
        settings.put("relay.dead-letter.dir", dir.resolve("out").toString());
        settings.put("relay.poll.interval", "500ms");
        settings.put("relay.ingestion-delay", "PT0S");
        settings.put("relay.lookback", "PT0S");
        settings.put("relay.graph.retry-delay-ms", "50");
        settings.put("relay.graph.max-retry-delay-ms", "2000");
        // tests that scrape health or metrics give the management server a free port of their own
        settings.put("camel.management.enabled", "false");
        return settings;
    }

    public static RelayHarness start(Path dir, Map<String, String> settings) {
        return start(dir, settings, Clock.systemUTC());
    }

    /** The relay on its own clock, e.g. one that is ahead of Graph's. */
    public static RelayHarness start(Path dir, Map<String, String> settings, Clock clock) {
        return start(Path.of("."), dir, settings, clock);
    }

    /** The relay with its own home directory (routes/, application.properties); {@code dir} holds out/. */
    public static RelayHarness start(Path home, Path dir, Map<String, String> settings, Clock clock) {
        Main main = RelayMain.create(home, clock);
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("relay did not start: " + e.getMessage(), e);
        }
        return new RelayHarness(main, dir);
    }

    public Main main() {
        return main;
    }

    /** The alert id of every event line written so far under out/. */
    public List<String> delivered() {
        return output.all();
    }

    /** Alert ids delivered so far. */
    public Set<String> deliveredIds() {
        return output.ids();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, Duration.ofMillis(50), condition);
    }

    /** Polls every {@code period}: for conditions that cost the system under test something to ask. */
    public static void await(String what, Duration timeout, Duration period, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public void awaitDelivered(Set<String> ids, Duration timeout) {
        await(ids.size() + " alerts in out/", timeout, () -> deliveredIds().containsAll(ids));
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
