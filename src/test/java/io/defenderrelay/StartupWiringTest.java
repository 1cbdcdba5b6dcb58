package io.defenderrelay;

import io.defenderrelay.auth.CertificateExpiry;
import io.defenderrelay.auth.TestPki;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.RelayProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the README promises about starting the relay, through its real main: in a JVM of its own (demo mode,
 * {@code --home}, environment variables) or in this one with {@link RelayMain#run} (the startup log).
 */
class StartupWiringTest {
    /** A Quartz cron that fires in 2099: the relay starts, logs its tenants and polls nothing. */
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;

    private static void awaitLog(RelayProcess relay, String part) {
        await("\"" + part + "\" in the relay's log", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> relay.log().contains(part) || !relay.isAlive());
        assertTrue(relay.log().contains(part), relay.log());
    }

    @Test
    void demoModePollsTheBuiltInSimulatedTenantAndWritesNormalizedAlertsToOut() throws IOException {
        try (RelayProcess relay = RelayProcess.start(dir, Map.of())) {
            awaitLog(relay, "defender-relay DEMO: no tenant configured, polling the built-in simulated tenant");
            // the demo tenant holds 300 alerts of the last two hours; newer ones wait for the ingestion delay
            DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
            await("the demo's 300 alerts in out/", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> out.all().size() >= 300);
            assertEquals(300, out.all().size(), "each once");
            assertEquals(300, out.ids().size());
            assertTrue(Files.exists(dir.resolve("state").resolve("demo.checkpoint.json")));
            for (JsonNode event : events(dir.resolve("out"))) {
                assertEquals(2004, event.path("class_uid").asInt(), event.toString());
                assertTrue(relay.log().contains("tenant  demo (" + event.path("metadata").path("tenant_uid").asText()
                        + ")"), "the banner's tenant: " + event.path("metadata"));
            }
        }
    }

    @Test
    void aHomeGivesSettingsAndRoutesAndHoldsTheRelativeOutAndState() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(40, Duration.ofMinutes(50));
        Path home = dir.resolve("home");
        Path work = dir.resolve("work");
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        // the shipped relative paths: they resolve under --home, not the working directory
        settings.keySet().removeAll(Set.of("relay.state.dir", "relay.sink.file.dir", "relay.dead-letter.dir"));
        copyShippedRoutes(home.resolve("routes"));
        Files.writeString(home.resolve("routes").resolve("home-marker.camel.yaml"), """
                - route:
                    id: home-marker
                    from:
                      uri: "timer:home-marker?repeatCount=1"
                      steps:
                        - log: "routes read from the home directory"
                """);
        try (RelayProcess relay = RelayProcess.start(work, home, settings, Map.of())) {
            awaitLog(relay, "routes read from the home directory");
            DeliveredAlerts out = new DeliveredAlerts(home.resolve("out"));
            await("the home's tenant polled into the home's out/", Duration.ofSeconds(60),
                    Duration.ofMillis(200), () -> out.ids().equals(Set.copyOf(tenant.alerts().ids())) || !relay.isAlive());
            assertEquals(Set.copyOf(tenant.alerts().ids()), out.ids(), relay.log());
            assertEquals(40, out.all().size(), "each once");
            // the checkpoint follows the window's delivery
            await("the checkpoint under the home", Duration.ofSeconds(10), Duration.ofMillis(100),
                    () -> Files.exists(home.resolve("state").resolve("t1.checkpoint.json")));
            assertFalse(Files.exists(work.resolve("out")) || Files.exists(work.resolve("state")));
            assertTrue(relay.log().contains("checkpoint in " + home.toRealPath().resolve("state") + ")"), relay.log());
        }
    }

    @Test
    void environmentVariablesOverrideTheHomesFile() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(30, Duration.ofMinutes(50));
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.tenants[0].client-secret", "not-the-secret");
        settings.put("relay.dead-letter.dir", dir.resolve("dead-letters").toString());
        Path out = dir.resolve("env-out");
        Map<String, String> environment = Map.of("RELAY_TENANTS_0_CLIENT_SECRET", "secret-" + tenant.tenantId(),
                "RELAY_POLL_INTERVAL", "7s", "RELAY_SINK_FILE_DIR", out.toString());
        try (RelayProcess relay = RelayProcess.start(dir, dir, settings, environment)) {
            awaitLog(relay, "tenant t1: polling " + tenant.tenantId() + " every trigger.repeatInterval=7000 ");
            DeliveredAlerts delivered = new DeliveredAlerts(out);
            await("the alerts in RELAY_SINK_FILE_DIR", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> delivered.ids().equals(Set.copyOf(tenant.alerts().ids())) || !relay.isAlive());
            assertEquals(Set.copyOf(tenant.alerts().ids()), delivered.ids(), relay.log());
            assertEquals(30, delivered.all().size(), "each once");
        }
        List<RecordedRequest> tokens = tenant.requests().all().stream()
                .filter(request -> request.kind() == RecordedRequest.Kind.TOKEN).toList();
        assertEquals(List.of(200), tokens.stream().map(RecordedRequest::status).distinct().toList(),
                "only the environment's secret was sent");
        assertFalse(Files.exists(dir.resolve("out")), "the file's relay.sink.file.dir was overridden");
    }

    @Test
    void warnsAtStartupOfACertificateExpiringWithinTheWarningPeriod() throws IOException {
        TestPki pki = new TestPki(2026_0601L);
        Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), dir);
        settings.putAll(certificateTenant(pki, 0, "contoso", Duration.ofDays(10).plusHours(12)));
        settings.putAll(certificateTenant(pki, 1, "fabrikam", Duration.ofDays(45)));
        settings.put("relay.certificate.expiry-warning", "30d");
        try (CapturedLog log = new CapturedLog(CertificateExpiry.class.getName())) {
            runUntilStarted(settings);
            List<String> lines = log.lines();
            assertEquals(1, lines.size(), "contoso's certificate only: " + lines);
            assertAll(() -> assertTrue(lines.get(0).startsWith("WARN tenant contoso: certificate CN=contoso"), lines.get(0)),
                    () -> assertTrue(lines.get(0).contains("(in 10 days): renew it before then"), lines.get(0)));
        }
    }

    @Test
    void nationalCloudsUseTheirOwnLoginAndGraphHosts() throws IOException {
        Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), dir);
        settings.remove("relay.authority-host");
        settings.remove("relay.graph-host");
        String[][] clouds = {{"usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
                {"dod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
                {"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
                {"", "https://login.microsoftonline.com", "https://graph.microsoft.com"}};
        for (int i = 0; i < clouds.length; i++) {
            String prefix = "relay.tenants[" + i + "].";
            settings.put(prefix + "name", "cloud" + i);
            settings.put(prefix + "tenant-id", "tenant-" + i);
            settings.put(prefix + "client-id", "app-" + i);
            settings.put(prefix + "client-secret", "secret-" + i);
            settings.put(prefix + "cloud", clouds[i][0]);
        }
        try (CapturedLog log = new CapturedLog(RelayBootstrap.class.getName())) {
            runUntilStarted(settings);
            for (int i = 0; i < clouds.length; i++) {
                List<CapturedLog.Line> started = log.linesContaining("tenant cloud" + i + ": polling tenant-" + i + " ");
                assertEquals(1, started.size(), log.lines().toString());
                assertTrue(started.get(0).text().contains("(login " + clouds[i][1] + ", graph " + clouds[i][2] + ", "),
                        started.get(0).text());
            }
        }
    }

    /**
     * {@link RelayMain#run} on a home holding {@code settings}, polling never and stopping itself a second after
     * it started: what it logged at startup is all there is.
     */
    private void runUntilStarted(Map<String, String> settings) throws IOException {
        Map<String, String> file = new HashMap<>(settings);
        file.put("relay.poll.cron", NEVER);
        file.put("camel.main.duration-max-seconds", "1");
        Path home = dir.resolve("home");
        RelayProcess.writeSettings(home, file);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> RelayMain.run(new String[] {"--home", home.toString()}, new PrintStream(err, true, UTF_8)));
        assertEquals(0, status, err.toString(UTF_8));
    }

    private Map<String, String> certificateTenant(TestPki pki, int index, String name, Duration validFor) {
        KeyPair keys = pki.rsa(2048);
        Instant now = Instant.now();
        Path cert = TestPki.writePem(dir.resolve(name + ".crt"),
                pki.selfSigned(keys, name, now.minus(Duration.ofDays(300)), now.plus(validFor)));
        Path key = TestPki.writePkcs8(dir.resolve(name + ".key"), keys.getPrivate());
        String prefix = "relay.tenants[" + index + "].";
        return Map.of(prefix + "name", name, prefix + "tenant-id", name + ".onmicrosoft.com",
                prefix + "client-id", "app-" + name, prefix + "certificate", cert.toString(),
                prefix + "private-key", key.toString());
    }

    private static void copyShippedRoutes(Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(route, to.resolve(route.getFileName()));
            }
        }
    }

    private static List<JsonNode> events(Path out) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("alerts-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    events.add(json(line));
                }
            }
        }
        return events;
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
