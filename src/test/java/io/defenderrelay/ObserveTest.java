package io.defenderrelay;

import io.defenderrelay.auth.TestPki;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.TestHttp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.defenderrelay.RelayHarness.addSecretTenant;
import static io.defenderrelay.RelayHarness.await;
import static io.defenderrelay.RelayHarness.newSecretTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health and metrics as an operator or a supervisor sees them: over HTTP from the management server of a running
 * relay, with each readiness reason driven DOWN and back UP through the simulator and a real HEC receiver.
 */
class ObserveTest {

    @TempDir
    Path dir;

    private final int port = FreePort.pick();

    private Map<String, String> observed(Map<String, String> settings) {
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(port));
        return settings;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void theScrapedCountersMatchWhatTheSinksReceivedAndWhatGraphWasAsked() throws Exception {
        SimTenant tenant = newSecretTenant(700, Duration.ofHours(3));
        try (HecReceiver hec = HecReceiver.start("hec-token")) {
            Map<String, String> settings = observed(RelayHarness.settingsFor(tenant, dir, "PT4H"));
            settings.put("relay.poll.interval", "1h"); // one poll: what Graph was asked stays put for the comparison
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(60));
                await("the SIEM's share", Duration.ofSeconds(30), () -> hec.acceptedCount() > 0);
                String metrics = scrape("relay_events_delivered_total{sink=\"file\",tenant=\"t1\"}", 700);

                assertEquals(700, value(metrics, "relay_events_delivered_total{sink=\"file\",tenant=\"t1\"}"));
                assertEquals(hec.acceptedCount(), value(metrics, "relay_events_delivered_total{sink=\"siem\",tenant=\"t1\"}"));
                assertTrue(hec.acceptedCount() < 700, "the SIEM takes medium and above only");
                assertEquals(700, value(metrics, "relay_alert_versions_new_total{tenant=\"t1\"}"));
                double read = value(metrics, "relay_alert_versions_read_total{tenant=\"t1\"}");
                assertEquals(read - 700, value(metrics, "relay_duplicates_dropped_total{tenant=\"t1\"}"));
                long answered = tenant.requests().all().stream()
                        .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS && r.status() == 200).count();
                double counted = value(metrics, "relay_graph_requests_total{status=\"200\",tenant=\"t1\"}");
                assertEquals(answered, counted, "Graph requests answered 200");
                assertEquals(1, value(metrics, "relay_token_requests_total{tenant=\"t1\"}"), "one token, reused");
                assertTrue(value(metrics, "relay_checkpoint_lag_seconds{tenant=\"t1\"}") < 60);
                assertTrue(value(metrics, "relay_window_duration_seconds_count{tenant=\"t1\"}") >= 4);
                assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
                assertTrue(metrics.contains("routeId=\"complete-window\""), "Camel's route metrics");
                assertFalse(metrics.contains("routeId=\"normalize-alert\""), "but not of the route run per alert");
                assertEquals(200, TestHttp.get(url("/observe/health")).statusCode());
            }
        }
    }

    @Test
    void readinessIsDownWithEveryTenantsAndSinksReasonAndUpAgainWhenEachIsFixed() throws Exception {
        SimTenant flaky = newSecretTenant(50, Duration.ofMinutes(30));
        SimTenant quiet = newSecretTenant();
        SimTenant refused = newSecretTenant();
        SimTenant loud = newSecretTenant(50, Duration.ofMinutes(30));
        try (HecReceiver hec = HecReceiver.start("hec-token")) {
            Map<String, String> settings = observed(RelayHarness.settingsFor(flaky, dir, "PT1H"));
            addSecretTenant(settings, 1, "quiet", quiet);
            addSecretTenant(settings, 2, "refused", refused);
            addSecretTenant(settings, 3, "loud", loud);
            settings.put("relay.tenants[2].client-secret", "not-the-secret");
            settings.put("relay.tenants[1].client-secret-expires", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString());
            settings.put("relay.health.failed-polls", "2");
            settings.put("relay.health.sink-failure", "1s");
            settings.put("relay.health.silence", "3s");
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.min-severity", "");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token");
            settings.put("relay.sink.siem.retries", "0");
            flaky.faults().sometimes(Fault.serviceUnavailable(null), 1.0);
            hec.busyFor(Duration.ofDays(1));
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                String down = awaitReadiness(503, "failed poll(s) in a row, last: Graph answered 503",
                        "\"tenant:refused\",\"status\":\"DOWN\",\"message\":\"credential refused: AADSTS7000215: the client"
                        + " secret is wrong",
                        "the client secret expires", "no alert delivered since", "\"name\":\"sink:siem\"");

                flaky.faults().clear();
                hec.busyFor(Duration.ZERO);
                // ahead of the quiet tenant's checkpoint (no look-back here): read once they are in the past
                quiet.alerts().generate(5, Instant.now().plusSeconds(1), Instant.now().plusSeconds(2));
                relay.awaitDelivered(Set.copyOf(loud.alerts().ids()), Duration.ofSeconds(30));
                relay.awaitDelivered(Set.copyOf(quiet.alerts().ids()), Duration.ofSeconds(30));
                String recovered = awaitReadiness(503, "tenant:refused", "tenant:quiet");
                await("t1, loud and the SIEM ready again", Duration.ofSeconds(30), () -> {
                    String body = get("/observe/health/ready?data=true").body();
                    return !body.contains("tenant:t1") && !body.contains("sink:siem") && !body.contains("tenant:loud");
                });
                recovered = awaitReadiness(503, "tenant:refused", "tenant:quiet");
                assertTrue(recovered.contains("\"tenant:quiet\",\"status\":\"DOWN\",\"message\":\"the client secret"
                        + " expires"), "the quiet tenant delivered, its secret still expires: " + recovered);
            }
        }
    }

    @Test
    void aCorruptCheckpointStopsItsTenantAndSaysSoWhileTheOthersStayReady() throws Exception {
        SimTenant broken = newSecretTenant(20, Duration.ofMinutes(30));
        SimTenant fine = newSecretTenant(20, Duration.ofMinutes(30));
        Map<String, String> settings = observed(RelayHarness.settingsFor(broken, dir, "PT1H"));
        addSecretTenant(settings, 1, "fine", fine);
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve("t1.checkpoint.json"), "{not json");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(fine.alerts().ids()), Duration.ofSeconds(30));
            String down = awaitReadiness(503, "\"tenant:t1\",\"status\":\"DOWN\",\"message\":\"stopped: checkpoint");
            assertTrue(!down.contains("fine"), down);
        }
    }

    @Test
    void aTenantFarBehindIsNotReadyUntilItCatchesUp() throws Exception {
        SimTenant tenant = newSecretTenant(300, Duration.ofHours(20));
        Map<String, String> settings = observed(RelayHarness.settingsFor(tenant, dir, "PT24H"));
        settings.put("relay.health.max-lag", "2h");
        tenant.faults().sometimes(Fault.slow(Duration.ofMillis(150)), 1.0);
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            awaitReadiness(503, "behind now (relay.health.max-lag PT2H)");
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(60));
            awaitReadiness(200);
        }
    }

    /**
     * Entra refusing the tenant's credential turns its readiness DOWN at once, and the relay keeps asking: once the
     * secret it uses is added to the app in Entra (no restart, no setting changed), the next poll gets a token,
     * delivers, and the tenant is ready again.
     */
    @Test
    void refusedCredentialsAreNotReadyUntilEntraAcceptsThem() throws Exception {
        SimTenant tenant = newSecretTenant(20, Duration.ofMinutes(30));
        String clientId = "app-" + tenant.tenantId();
        Map<String, String> settings = observed(RelayHarness.settingsFor(tenant, dir, "PT1H"));
        settings.put("relay.tenants[0].client-secret", "the-new-secret");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            awaitReadiness(503, "\"tenant:t1\",\"status\":\"DOWN\",\"message\":\"credential refused: AADSTS7000215:");
            assertEquals(List.of(), relay.delivered());

            tenant.registerSecretApp(clientId, "the-new-secret");
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            awaitReadiness(200);
        }
    }

    /**
     * A certificate inside relay.certificate.expiry-warning turns its tenant's readiness DOWN while it still polls. The
     * relay reads the certificate at startup: renewed files (registered in Entra) leave it DOWN with the old expiry
     * until the relay restarts, and ready after that.
     */
    @Test
    void aCertificateAboutToExpireIsNotReadyUntilARenewedOneIsLoadedAtRestart() throws Exception {
        TestPki pki = new TestPki(20261202L);
        SimTenant tenant = newSecretTenant(20, Duration.ofMinutes(30));
        String clientId = "cert-app-" + tenant.tenantId();
        Path cert = dir.resolve("relay.crt");
        Path key = dir.resolve("relay.key");
        Instant expiring = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        writeCertificate(pki, tenant, clientId, cert, key, expiring);
        Map<String, String> settings = observed(RelayHarness.settingsFor(tenant, dir, "PT1H"));
        settings.remove("relay.tenants[0].client-secret");
        settings.put("relay.tenants[0].client-id", clientId);
        settings.put("relay.tenants[0].certificate", cert.toString());
        settings.put("relay.tenants[0].private-key", key.toString());
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            awaitReadiness(503, "\"tenant:t1\",\"status\":\"DOWN\",\"message\":\"certificate", " expires " + expiring);
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));

            writeCertificate(pki, tenant, clientId, cert, key, Instant.now().plus(Duration.ofDays(365)));
            tenant.alerts().generate(3, Instant.now().plusSeconds(1), Instant.now().plusSeconds(2));
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            awaitReadiness(503, " expires " + expiring);
        }
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            tenant.alerts().generate(3, Instant.now().plusSeconds(1), Instant.now().plusSeconds(2));
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            HttpResponse<String> ready = get("/observe/health/ready?data=true");
            assertEquals(200, ready.statusCode(), "ready with the renewed certificate: " + ready.body());
        }
    }

    /** A new key pair and a certificate for it valid until {@code notAfter}, registered on the app and written. */
    private static void writeCertificate(TestPki pki, SimTenant tenant, String clientId, Path cert, Path key,
                                         Instant notAfter) throws Exception {
        KeyPair keys = pki.rsa(2048);
        X509Certificate certificate = pki.selfSigned(keys, "relay-cert", Instant.now().minus(Duration.ofDays(1)), notAfter);
        tenant.registerCertificateApp(clientId, certificate);
        TestPki.writePem(cert, certificate);
        TestPki.writePkcs8(key, keys.getPrivate());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    /** The readiness answer once it has {@code status} and contains every one of {@code parts}. */
    private String awaitReadiness(int status, String... parts) {
        String[] last = {""};
        try {
            await("readiness " + status + " saying " + String.join(", ", parts), Duration.ofSeconds(30), () -> {
                HttpResponse<String> response = get("/observe/health/ready?data=true");
                last[0] = response.statusCode() + " " + response.body();
                return response.statusCode() == status && Arrays.stream(parts).allMatch(response.body()::contains);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    private String scrape(String series, double atLeast) {
        String[] last = {""};
        await(series + " >= " + atLeast, Duration.ofSeconds(30), () -> {
            last[0] = get("/observe/metrics").body();
            return last[0].contains(series) && value(last[0], series) >= atLeast;
        });
        return last[0];
    }

    private HttpResponse<String> get(String path) {
        try {
            return TestHttp.get(url(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one series of a Prometheus text page. */
    private static double value(String page, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        if (!line.find()) {
            throw new AssertionError(series + " not in the scrape:\n" + page.lines()
                    .filter(l -> l.startsWith("relay_")).reduce("", (a, b) -> a + b + "\n"));
        }
        return Double.parseDouble(line.group(1));
    }
}
