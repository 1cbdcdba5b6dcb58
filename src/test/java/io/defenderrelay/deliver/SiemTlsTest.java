package io.defenderrelay.deliver;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.ServerIdentity;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.HecReceiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIEM's certificate is verified: one the relay does not trust gets nothing; trusted through relay.trust-store, all. */
class SiemTlsTest {
    private static final int ALERTS = 30;
    private static final String TOKEN = "hec-token-tls";

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant();
    private final ServerIdentity siemIdentity = ServerIdentity.generate();

    private Map<String, String> settings(HecReceiver hec) {
        Instant now = Instant.now();
        tenant.alerts().generate(ALERTS, now.minus(Duration.ofMinutes(30)), now.minusSeconds(5));
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.min-severity", "");
        settings.put("relay.sink.siem.url", hec.eventUrl());
        settings.put("relay.sink.siem.token", TOKEN);
        settings.put("relay.sink.siem.retries", "0");
        return settings;
    }

    @Test
    void aSiemWithACertificateTheRelayDoesNotTrustGetsNothing() throws IOException {
        try (HecReceiver hec = HecReceiver.startHttps(TOKEN, siemIdentity);
             CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings(hec))) {
            await("a failed poll", Duration.ofSeconds(20), () -> !reports.lines().isEmpty());
            assertTrue(reports.lines().get(0).contains("certification path") || reports.lines().get(0).contains("PKIX"),
                    reports.lines().toString());
            assertEquals(0, hec.requestTimes().size(), "no request got past the handshake");
            assertFalse(Files.exists(dir.resolve("state").resolve("t1.checkpoint.json")));
        }
    }

    @Test
    void aSiemCertificateTrustedThroughTheTrustStoreGetsEveryAlertOnce() throws IOException {
        try (HecReceiver hec = HecReceiver.startHttps(TOKEN, siemIdentity)) {
            Map<String, String> settings = settings(hec);
            Path bundle = dir.resolve("trusted.pem");
            Files.writeString(bundle, Files.readString(Path.of(settings.get("relay.trust-store")))
                    + siemIdentity.certificatePem());
            settings.put("relay.trust-store", bundle.toString());
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("every alert at the SIEM", Duration.ofSeconds(30), () -> hec.distinctUids().size() == ALERTS);
                assertEquals(ALERTS, hec.acceptedCount());
            }
        }
    }
}
