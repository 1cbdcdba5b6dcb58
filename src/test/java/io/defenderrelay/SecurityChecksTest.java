package io.defenderrelay;

import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.DecoyServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Adds a PEM certificate to the bundle relay.trust-store names. */
    private void trustAlso(Map<String, String> settings, String pem) throws IOException {
        Path bundle = dir.resolve("trusted-" + settings.size() + ".pem");
        Files.writeString(bundle, Files.readString(Path.of(settings.get("relay.trust-store"))) + pem);
        settings.put("relay.trust-store", bundle.toString());
    }
}
