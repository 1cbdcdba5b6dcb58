package io.defenderrelay;

import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.ServerIdentity;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.ForwardProxy;
import io.defenderrelay.testing.HecReceiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * relay.proxy.* with a real forward proxy: token, Graph and SIEM requests are tunnelled through it (CONNECT), with and
 * without proxy credentials; the bearer token stays inside TLS; no-proxy hosts go direct. The token endpoint is
 * addressed as localhost and Graph as 127.0.0.1 (the simulator serves both), so the proxy tells them apart.
 */
class ProxyTest {
    private static final int ALERTS = 25;
    private static final String HEC_TOKEN = "hec-token-proxy";

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant(ALERTS, Duration.ofMinutes(30));
    private final ServerIdentity siemIdentity = ServerIdentity.generate();
    private final String simulator = URI.create(RelayHarness.simulator().baseUrl()).getAuthority();
    private final String login = "localhost:" + URI.create(RelayHarness.simulator().baseUrl()).getPort();

    private Map<String, String> settings(ForwardProxy proxy, HecReceiver hec) throws IOException {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.authority-host", "https://" + login);
        settings.put("relay.proxy.url", proxy.url());
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.min-severity", "");
        settings.put("relay.sink.siem.url", hec.eventUrl());
        settings.put("relay.sink.siem.token", HEC_TOKEN);
        Path bundle = dir.resolve("trusted.pem");
        Files.writeString(bundle, Files.readString(Path.of(settings.get("relay.trust-store"))) + siemIdentity.certificatePem());
        settings.put("relay.trust-store", bundle.toString());
        return settings;
    }

    private void assertEveryAlertOnceEverywhere(RelayHarness relay, HecReceiver hec) {
        await("every alert at the SIEM and in out/", Duration.ofSeconds(30),
                () -> hec.distinctUids().size() == ALERTS && relay.deliveredIds().size() == ALERTS);
        assertEquals(ALERTS, hec.acceptedCount());
        assertEquals(ALERTS, relay.delivered().size());
    }

    @Test
    void tokenGraphAndSiemRequestsGoThroughAnAuthenticatingProxy() throws IOException {
        Path passwordFile = dir.resolve("proxy-password");
        Files.writeString(passwordFile, "pr0xy-pass\n");
        try (ForwardProxy proxy = ForwardProxy.requiring("relay", "pr0xy-pass");
             HecReceiver hec = HecReceiver.startHttps(HEC_TOKEN, siemIdentity)) {
            Map<String, String> settings = settings(proxy, hec);
            settings.put("relay.proxy.username", "relay");
            settings.put("relay.proxy.password-file", passwordFile.toString());
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                assertEveryAlertOnceEverywhere(relay, hec);
            }
            assertTrue(proxy.tunnelsTo(login) > 0, "token requests: " + proxy.tunnels());
            assertTrue(proxy.tunnelsTo(simulator) > 0, "Graph requests: " + proxy.tunnels());
            assertTrue(proxy.tunnelsTo(URI.create(hec.url()).getAuthority()) > 0, "SIEM requests: " + proxy.tunnels());
            assertTrue(proxy.challenges() > 0, "the proxy asked for credentials first");
            assertFalse(proxy.saw("Bearer"), "the bearer token only travels inside TLS");
            assertFalse(proxy.saw("secret-" + tenant.tenantId()), "so does the client secret");
            assertFalse(proxy.saw(HEC_TOKEN), "and the SIEM's token");
        }
    }

    @Test
    void aNoProxyHostIsReachedDirectly() throws IOException {
        try (ForwardProxy proxy = ForwardProxy.open();
             HecReceiver hec = HecReceiver.startHttps(HEC_TOKEN, siemIdentity)) {
            Map<String, String> settings = settings(proxy, hec);
            settings.put("relay.proxy.no-proxy", "localhost, *.example.internal");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                assertEveryAlertOnceEverywhere(relay, hec);
            }
            assertEquals(0, proxy.tunnelsTo(login), "token requests go direct: " + proxy.tunnels());
            assertTrue(proxy.tunnelsTo(simulator) > 0, "Graph requests: " + proxy.tunnels());
            assertTrue(proxy.tunnelsTo(URI.create(hec.url()).getAuthority()) > 0, "SIEM requests: " + proxy.tunnels());
        }
    }

    @Test
    void aWrongProxyPasswordIsReportedAsTheProxysRefusal() throws IOException {
        try (ForwardProxy proxy = ForwardProxy.requiring("relay", "pr0xy-pass");
             HecReceiver hec = HecReceiver.startHttps(HEC_TOKEN, siemIdentity);
             CapturedLog reports = new CapturedLog(PollFailures.class.getName())) {
            Map<String, String> settings = settings(proxy, hec);
            settings.put("relay.proxy.username", "relay");
            settings.put("relay.proxy.password", "wrong");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a failed poll", Duration.ofSeconds(20), () -> !reports.lines().isEmpty());
                assertEquals("WARN tenant t1: poll stopped, checkpoint kept: proxy " + proxy.url() + " refused to"
                        + " open a tunnel (407 Proxy Authentication Required): it did not accept relay.proxy.username"
                        + " and its password: correct them", reports.lines().get(0));
                assertEquals(List.of(), relay.delivered());
            }
            assertEquals(Map.of(), proxy.tunnels());
        }
    }
}
