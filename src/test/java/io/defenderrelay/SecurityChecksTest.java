package io.defenderrelay;

import io.defenderrelay.auth.StubTokenEndpoint;
import io.defenderrelay.auth.TestPki;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.DecoyServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
                    assertTrue(line.startsWith("ERROR tenant " + tenant + ": poll stopped, checkpoint kept: ")
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
