package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.HecReceiver;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tenants from relay.tenants-file next to application.properties ones, each with its own interval and sinks. */
class TenantsFileRelayTest {
    private static final String TOKEN = "hec-token";

    @TempDir
    Path dir;

    @Test
    void pollsTheFilesTenantsAtTheirOwnIntervalIntoTheirOwnSinks() throws Exception {
        SimTenant fromProperties = RelayHarness.newSecretTenant(30, Duration.ofMinutes(30));
        SimTenant toSiem = RelayHarness.newSecretTenant(40, Duration.ofMinutes(30));
        SimTenant hourly = RelayHarness.newSecretTenant(50, Duration.ofMinutes(30));
        Map<String, String> settings = RelayHarness.settingsFor(fromProperties, dir, "PT1H");
        Files.write(dir.resolve("tenants.yaml"), List.of(
                "- name: to-siem",
                "  tenant-id: " + toSiem.tenantId(),
                "  client-id: app-" + toSiem.tenantId(),
                "  client-secret: ${env:NO_SUCH_RELAY_VARIABLE:secret-" + toSiem.tenantId() + "}",
                "  sinks: [siem]",
                "- name: hourly",
                "  tenant-id: " + hourly.tenantId(),
                "  client-id: app-" + hourly.tenantId(),
                "  client-secret: secret-" + hourly.tenantId(),
                "  poll-interval: 1h",
                "  sinks: file"));
        settings.put("relay.tenants-file", "tenants.yaml"); // relative: under the home
        settings.put("relay.poll.threads", "2");
        try (HecReceiver hec = HecReceiver.start(TOKEN)) {
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.min-severity", "");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", TOKEN);
            try (RelayHarness relay = RelayHarness.start(dir, dir, settings, Clock.systemUTC())) {
                Set<String> toFile = ids(fromProperties, hourly);
                relay.awaitDelivered(toFile, Duration.ofSeconds(30));
                await("to-siem's alerts at the SIEM", Duration.ofSeconds(30),
                        () -> siemIds(hec).containsAll(Set.copyOf(toSiem.alerts().ids())));
                int t1Polls = fromProperties.requests().alertRequests();
                int hourlyRequests = hourly.requests().alertRequests();
                await("t1 polled again and again", Duration.ofSeconds(10),
                        () -> fromProperties.requests().alertRequests() >= t1Polls + 3);

                assertEquals(toFile, relay.deliveredIds(), "the file has t1's (every sink) and hourly's (file only)");
                assertEquals(ids(fromProperties, toSiem), siemIds(hec), "the SIEM has t1's and to-siem's");
                assertEquals(hourlyRequests, hourly.requests().alertRequests(),
                        "hourly was polled at start only, not every 500 ms like t1");
                assertEquals(2, relay.main().getCamelContext().getComponent("quartz", QuartzComponent.class)
                        .getScheduler().getMetaData().getThreadPoolSize(), "three tenants, relay.poll.threads = 2");
            }
        }
    }

    private static Set<String> ids(SimTenant... tenants) {
        return Arrays.stream(tenants).flatMap(t -> t.alerts().ids().stream()).collect(Collectors.toSet());
    }

    private static Set<String> siemIds(HecReceiver hec) {
        return hec.distinctUids().stream().map(uid -> uid.substring(0, uid.indexOf('@'))).collect(Collectors.toSet());
    }
}
