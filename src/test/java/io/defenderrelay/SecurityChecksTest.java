package io.defenderrelay;

import io.defenderrelay.auth.StubTokenEndpoint;
import io.defenderrelay.auth.TestPki;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.FaultPlan;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.support.Json;
import io.defenderrelay.support.OwnerOnly;
import io.defenderrelay.testing.ConsoleText;
import io.defenderrelay.testing.DecoyServer;
import io.defenderrelay.testing.HecReceiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.logging.log4j.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's security properties, each shown against real servers on 127.0.0.1: the bearer token goes to the
 * configured Graph host only.
 */
class SecurityChecksTest {
    private static final String ALERTS = "/v1.0/security/alerts_v2?$skip=3";
    private static final String HC_HEADERS = "org.apache.hc.client5.http.headers";
    private static final String HC_WIRE = "org.apache.hc.client5.http.wire";
    /** A JSON Web Token: base64url header and payload (both start with '{"'), and a signature. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+");

    @TempDir
    Path dir;

    /**
     * A decoy the relay trusts (so TLS does not stop it) is offered through every way Graph could point elsewhere:
     * a nextLink to another port, host or scheme, one with user-info, and 302/307 redirects. It gets nothing; each
     * tenant's poll fails once with a line saying why, and no checkpoint is written.
     */
    @Test
    void theBearerTokenReachesNoHostButTheConfiguredGraphHost() throws IOException {
        try (DecoyServer decoy = new DecoyServer()) {
            String sim = RelayHarness.simulator().baseUrl();
            Map<String, Fault> cases = new LinkedHashMap<>();
            cases.put("another port", Fault.foreignNextLink(decoy.httpsUrl() + ALERTS));
            cases.put("another host", Fault.foreignNextLink("https://localhost:" + decoy.httpsPort() + ALERTS));
            cases.put("http scheme", Fault.foreignNextLink(decoy.httpUrl() + ALERTS));
            cases.put("file scheme", Fault.foreignNextLink("file:///etc/passwd"));
            cases.put("user-info", Fault.foreignNextLink(sim.replace("https://", "https://relay:pw@") + ALERTS));
            cases.put("302 redirect", Fault.found(decoy.httpsUrl() + ALERTS));
            cases.put("307 redirect", Fault.temporaryRedirect(decoy.httpsUrl() + ALERTS));

            Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), dir);
            trustAlso(settings, decoy.certificatePem());
            settings.put("relay.backfill.start", "PT1H");
            settings.put("relay.poll.interval", "1h");
            List<String> names = List.copyOf(cases.keySet());
            for (int i = 0; i < names.size(); i++) {
                SimTenant tenant = RelayHarness.newSecretTenant(3, Duration.ofMinutes(30));
                tenant.faults().enqueue(cases.get(names.get(i)));
                RelayHarness.addSecretTenant(settings, i, "t" + i, tenant);
            }
            try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
                 CapturedLog camel = new CapturedLog("org.apache.camel.processor.errorhandler");
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a failed poll per tenant", Duration.ofSeconds(30), () -> reports.lines().size() >= names.size());
                assertAll(names.stream().map(name -> () -> {
                    String tenant = "t" + names.indexOf(name);
                    List<CapturedLog.Line> lines = reports.linesContaining("tenant " + tenant + ":");
                    assertEquals(1, lines.size(), name + ": " + reports.lines());
                    String line = lines.get(0).text();
                    assertTrue(line.startsWith("WARN tenant " + tenant + ": poll stopped, checkpoint kept: ")
                            && line.contains(name.endsWith("redirect") ? "does not follow redirects" : "refusing"),
                            name + ": " + line);
                    assertFalse(line.contains("\n"), name + ": one line: " + line);
                    assertFalse(Files.exists(dir.resolve("state").resolve(tenant + ".checkpoint.json")), name);
                }));
                assertEquals(List.of(), decoy.requests(), "the decoy was never asked anything");
                assertEquals(List.of(), camel.lines().stream().filter(line -> line.startsWith("ERROR")).toList(),
                        "the poll's report is the only error line");
                assertEquals(List.of(), relay.delivered(), "nothing delivered, so nothing may be checkpointed");
            }
        }
    }

    /**
     * The token endpoint's certificate is verified: one the relay does not trust gets no request (MSAL's TLS
     * handshake fails) and the poll says to add its CA to relay.trust-store; trusted there, every alert arrives.
     */
    @Test
    void aTokenEndpointTheRelayDoesNotTrustGetsNothingUntilItsCaIsConfigured() throws IOException {
        try (GraphSimulator untrusted = GraphSimulator.start(SimulatorOptions.defaults())) {
            SimTenant tenant = untrusted.tenant(UUID.randomUUID().toString());
            tenant.alerts().generate(5, Instant.now().minus(Duration.ofMinutes(30)), Instant.now().minusSeconds(5));
            Map<String, String> settings = RelayHarness.secretTenantOf(untrusted, dir, tenant.tenantId());
            settings.put("relay.backfill.start", "PT1H");
            String trustsIt = settings.get("relay.trust-store");
            settings.put("relay.trust-store", trustOnly(RelayHarness.simulator().serverCertificatePem()));
            try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a failed poll", Duration.ofSeconds(20), () -> !reports.lines().isEmpty());
                assertTrue(reports.lines().get(0).contains("add its CA to relay.trust-store"), reports.lines().get(0));
            }
            assertEquals(List.of(), tenant.requests().all(), "no request got past the handshake");
            assertEquals(List.of(), untrusted.unattributedRequests().all());

            settings.put("relay.trust-store", trustsIt);
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(20));
            }
        }
    }

    /**
     * Graph's certificate is verified: with a token from a trusted endpoint, a Graph host the relay does not trust
     * gets no request and the poll names the TLS failure; trusted through relay.trust-store, the requests arrive.
     */
    @Test
    void aGraphHostTheRelayDoesNotTrustGetsNothingUntilItsCaIsConfigured() throws Exception {
        try (GraphSimulator untrusted = GraphSimulator.start(SimulatorOptions.defaults());
             StubTokenEndpoint tokens = new StubTokenEndpoint(new TestPki(20261129L))) {
            Map<String, String> settings = RelayHarness.secretTenant(untrusted, dir, "t1", UUID.randomUUID().toString(),
                    "app", "secret");
            settings.put("relay.authority-host", tokens.baseUrl().toString());
            settings.put("relay.graph.retries", "0");
            String untrustedPem = Files.readString(Path.of(settings.get("relay.trust-store")));
            String tokensPem = Files.readString(tokens.writeCertificate(dir.resolve("tokens.pem")));
            settings.put("relay.trust-store", trustOnly(tokensPem));
            try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a failed poll", Duration.ofSeconds(20), () -> !reports.lines().isEmpty());
                String line = reports.lines().get(0);
                assertTrue(line.contains("TLS") && line.contains("relay.trust-store"), line);
            }
            assertEquals(1, tokens.requests().size(), "the trusted token endpoint was asked");
            assertEquals(List.of(), untrusted.unattributedRequests().all(), "no request got past Graph's handshake");

            settings.put("relay.trust-store", trustOnly(tokensPem + untrustedPem));
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                // the stub's token means nothing to this Graph (401): what matters is that the request got through TLS
                await("a Graph request", Duration.ofSeconds(20), () -> !untrusted.unattributedRequests().all().isEmpty());
            }
        }
    }

    /**
     * Everything the relay writes is its user's only: the state, output and dead-letter directories (0700), the
     * checkpoint (created as its temp file and renamed, so the mode is the temp file's), rolled NDJSON files and the
     * dead-letter file (0600), whatever the umask.
     */
    @Test
    void stateOutputAndDeadLetterFilesAreCreatedOwnerOnly() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(40, Duration.ofMinutes(30));
        tenant.faults().rewritePages(firstAlert(alert -> alert.put("createdDateTime", "yesterday")));
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.sink.file.max-bytes", "8000");
        settings.put("relay.dead-letter.dir", dir.resolve("dead").toString());
        try (CapturedLog warnings = new CapturedLog(OwnerOnly.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("39 alerts delivered and a checkpoint", Duration.ofSeconds(30), () -> relay.deliveredIds().size() == 39
                    && Files.exists(dir.resolve("state/t1.checkpoint.json")));
            assertEquals(List.of(), warnings.lines(), "nothing existed before, so nothing to warn about");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(path -> path.startsWith(dir.resolve("state")) || path.startsWith(dir.resolve("out"))
                    || path.startsWith(dir.resolve("dead"))).toList();
        }
        assertTrue(files.stream().filter(file -> file.getFileName().toString().startsWith("alerts-")).count() > 1,
                "the output rolled: " + files);
        assertTrue(files.contains(dir.resolve("dead").resolve(deadLetterFile())), files.toString());
        assertAll(files.stream().map(path -> () -> assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString())));
    }

    /** An output directory and file an operator opened to others stay so; one warning each names the path. */
    @Test
    void existingFilesOpenToOthersAreLeftAsTheyAreWithOneWarningEach() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant(5, Duration.ofMinutes(30));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path today = out.resolve("alerts-" + LocalDate.now(ZoneOffset.UTC) + ".ndjson");
        Files.writeString(today, "");
        Files.setPosixFilePermissions(today, PosixFilePermissions.fromString("rw-r--r--"));
        try (CapturedLog warnings = new CapturedLog(OwnerOnly.class.getName());
             RelayHarness relay = RelayHarness.start(dir, RelayHarness.settingsFor(tenant, dir, "PT1H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(20));
            assertEquals(2, warnings.lines().size(), warnings.lines().toString());
            assertTrue(warnings.lines().get(0).startsWith("WARN directory " + out + " is open to other users (rwxr-xr-x)")
                    && warnings.lines().get(0).contains("chmod 700 " + out), warnings.lines().get(0));
            assertTrue(warnings.lines().get(1).startsWith("WARN file " + today + " is open to other users (rw-r--r--)")
                    && warnings.lines().get(1).contains("chmod 600 " + today), warnings.lines().get(1));
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(today)));
    }

    /** A private key or SIEM token file others may read: one WARN at startup naming the file and `chmod 600`. */
    @Test
    void aCredentialFileReadableByOthersIsWarnedAboutAtStartup() throws IOException {
        TestPki pki = new TestPki(20261130L);
        KeyPair keys = pki.rsa(2048);
        SimTenant tenant = RelayHarness.newSecretTenant(3, Duration.ofMinutes(30));
        X509Certificate certificate = pki.selfSigned(keys, "relay-cert", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        tenant.registerCertificateApp("app-" + tenant.tenantId(), certificate);
        Path cert = TestPki.writePem(dir.resolve("relay.crt"), certificate);
        Path key = TestPki.writePkcs8(dir.resolve("relay.key"), keys.getPrivate());
        Path token = Files.writeString(dir.resolve("hec.token"), "hec-token");
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.remove("relay.tenants[0].client-secret");
        settings.put("relay.tenants[0].certificate", cert.toString());
        settings.put("relay.tenants[0].private-key", key.toString());
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.token-file", token.toString());
        // startup is what is checked: no poll (it would try the SIEM at its default URL until shutdown)
        settings.put("relay.poll.cron", "0 0 0 1 1 ? 2099");
        for (String mode : List.of("rw-r-----", "rw-------")) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString(mode));
            try (CapturedLog warnings = new CapturedLog(OwnerOnly.class.getName());
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                if (mode.equals("rw-------")) {
                    assertEquals(List.of(), warnings.lines());
                    continue;
                }
                assertEquals(List.of("WARN tenant t1's private key file (relay.tenants[…].private-key) " + key
                                + " is readable by other users (rw-r-----): restrict it with `chmod 600 " + key + "`",
                        "WARN the SIEM token file (relay.sink.siem.token-file) " + token
                                + " is readable by other users (rw-r-----): restrict it with `chmod 600 " + token + "`"),
                        warnings.lines());
            }
        }
    }

    /**
     * No secret reaches the console at any level: a client-secret tenant and a certificate tenant deliver to a HEC
     * receiver, once with the root logger at TRACE (the shipped per-library levels kept) and once with MSAL's,
     * HttpClient's, Camel's and Kafka's loggers at TRACE too (also through the JSON layout); what the shipped layout
     * prints holds no client secret, no access token the simulator issued, no HEC token, no line of the private key and
     * no JWT (client assertion).
     */
    @ParameterizedTest(name = "{0} layout, libraries at TRACE too: {1}")
    @CsvSource({"text, false", "text, true", "json, true"})
    void noSecretReachesTheLogAtAnyLevel(String format, boolean librariesToo) throws Exception {
        TestPki pki = new TestPki(20261201L);
        KeyPair keys = pki.rsa(2048);
        SimTenant secretTenant = RelayHarness.newSecretTenant(4, Duration.ofMinutes(30));
        SimTenant certificateTenant = RelayHarness.newSecretTenant(4, Duration.ofMinutes(30));
        X509Certificate certificate = pki.selfSigned(keys, "relay-cert", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        String clientId = "cert-app-" + certificateTenant.tenantId();
        certificateTenant.registerCertificateApp(clientId, certificate);
        Path key = TestPki.writePkcs8(dir.resolve("relay.key"), keys.getPrivate());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String hecToken = "hec-" + UUID.randomUUID();
        Set<String> expected = new HashSet<>(secretTenant.alerts().ids());
        expected.addAll(certificateTenant.alerts().ids());

        Map<String, String> settings = RelayHarness.settingsFor(secretTenant, dir, "PT1H");
        settings.put("relay.tenants[1].name", "t2");
        settings.put("relay.tenants[1].tenant-id", certificateTenant.tenantId());
        settings.put("relay.tenants[1].client-id", clientId);
        settings.put("relay.tenants[1].certificate", TestPki.writePem(dir.resolve("relay.crt"), certificate).toString());
        settings.put("relay.tenants[1].private-key", key.toString());
        settings.put("relay.poll.interval", "1h");
        String[] libraries = librariesToo ? new String[] {"com.microsoft.aad.msal4j", "org.apache.hc", HC_HEADERS, HC_WIRE,
                "org.apache.camel", "org.apache.kafka"} : new String[0];
        String text;
        try (HecReceiver hec = HecReceiver.start(hecToken)) {
            settings.putAll(hec.sinkSettings());
            settings.put("relay.sink.siem.min-severity", "");
            try (ConsoleText console = new ConsoleText(format, Level.TRACE, libraries);
                 RelayHarness relay = RelayHarness.start(dir, settings)) {
                relay.awaitDelivered(expected, Duration.ofSeconds(30));
                await("every alert at the SIEM", Duration.ofSeconds(30), () -> hec.distinctUids().size() == expected.size());
                text = console.text();
            }
        }
        List<String> secrets = new ArrayList<>(List.of("secret-" + secretTenant.tenantId(), hecToken));
        secrets.addAll(RelayHarness.simulator().issuedAccessTokens());
        Files.readAllLines(key).stream().filter(line -> !line.startsWith("-----")).forEach(secrets::add);
        assertTrue(text.contains("DEBUG") && text.contains("alerts_v2"), "the log was captured at DEBUG and below");
        if (librariesToo) {
            assertTrue(text.contains("Authorization: Bearer ***") && text.contains("Authorization: Splunk ***"),
                    "HttpClient printed the Graph and HEC requests' headers, masked");
        }
        assertAll(secrets.stream().map(secret -> () -> assertFalse(text.contains(secret),
                () -> "secret «" + secret + "» in the log near: " + around(text, secret))));
        Matcher jwt = JWT.matcher(text);
        assertFalse(jwt.find(), () -> "a JWT in the log near: " + around(text, jwt.group()));
    }

    private static String around(String text, String part) {
        int at = text.indexOf(part);
        return text.substring(Math.max(0, at - 200), Math.min(text.length(), at + part.length() + 100));
    }

    private static FaultPlan.PageRewrite firstAlert(Consumer<ObjectNode> change) {
        return (query, body) -> {
            try {
                JsonNode page = Json.mapper().readTree(body);
                if (page.path("value").isEmpty()) {
                    return body;
                }
                change.accept((ObjectNode) page.path("value").get(0));
                return Json.mapper().writeValueAsBytes(page);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String deadLetterFile() {
        return "dead-letter-" + LocalDate.now(ZoneOffset.UTC) + ".ndjson";
    }

    private String trustOnly(String pem) throws IOException {
        Path bundle = Files.createTempFile(dir, "trusted-", ".pem");
        Files.writeString(bundle, pem);
        return bundle.toString();
    }

    /** Adds a PEM certificate to the bundle relay.trust-store names. */
    private void trustAlso(Map<String, String> settings, String pem) throws IOException {
        settings.put("relay.trust-store", trustOnly(Files.readString(Path.of(settings.get("relay.trust-store"))) + pem));
    }
}
