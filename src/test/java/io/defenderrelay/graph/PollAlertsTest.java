package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.Fault;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.simulator.SimulatorOptions;
import io.defenderrelay.support.GraphTime;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.ConnectionCounter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poll route end to end: the real relay, the simulator over HTTPS, real MSAL4J token calls, real files. */
class PollAlertsTest {

    @TempDir
    Path dir;

    private static SimTenant newTenant() {
        return RelayHarness.newSecretTenant();
    }

    /** A new tenant with {@code count} alerts updated over the {@code span} before now. */
    private static SimTenant newTenantWithAlerts(int count, Duration span) {
        SimTenant tenant = newTenant();
        Instant now = Instant.now();
        tenant.alerts().generate(count, now.minus(span), now.minusSeconds(5));
        return tenant;
    }

    private Map<String, String> settingsFor(SimTenant tenant, String backfill) {
        return RelayHarness.settingsFor(tenant, dir, backfill);
    }

    @Test
    void deliversABackfillWithASecret() {
        SimTenant tenant = newTenantWithAlerts(500, Duration.ofHours(5));
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT6H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            await("more polls", Duration.ofSeconds(30), () -> tenant.requests().alertRequests() >= 20);
            assertEquals(1, tenant.requests().tokenRequests(), "one token for " + tenant.requests().alertRequests()
                    + " Graph requests, though the authority has a port");
            assertTrue(tenant.requests().all().stream().filter(r -> r.kind() == RecordedRequest.Kind.ALERTS)
                    .allMatch(r -> "include-unknown-enum-members".equals(r.header("Prefer"))));
        }
    }

    @Test
    void splitsWindowsGraphCannotServeAndLosesNothingOf50000() {
        SimTenant tenant = newTenantWithAlerts(50_000, Duration.ofDays(3));
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "P4D"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(300));
            assertEquals(50_000, relay.delivered().size(), "no duplicates either");
            assertTrue(tenant.requests().all().stream().noneMatch(r -> r.status() == 400), "never hit a Graph limit");
        }
    }

    @Test
    void readsThreeThousandAlertsResolvedInTheSameInstant() {
        SimTenant tenant = newTenant();
        Instant instant = Instant.now().minusSeconds(60);
        tenant.alerts().generateAt(3000, instant);
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT1H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(180));
            assertEquals(3000, relay.delivered().size());
        }
    }

    @Test
    void recoversFromThrottlingAndOutages() {
        SimTenant tenant = newTenantWithAlerts(300, Duration.ofHours(1));
        tenant.faults().enqueue(Fault.tooManyRequests("1"));
        tenant.faults().enqueue(Fault.serviceUnavailable(null));
        tenant.faults().enqueue(Fault.tooManyRequests("0.2"));
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT2H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            assertEquals(2, tenant.requests().withStatus(429));
            assertEquals(1, tenant.requests().withStatus(503));
        }
    }

    @Test
    void retriesAThrottledRequestRelayGraphRetriesTimesRetryAfterApartThenReportsThePollOnce() {
        SimTenant tenant = newTenantWithAlerts(20, Duration.ofMinutes(30));
        tenant.faults().enqueue(Fault.tooManyRequests("1"), 50); // still throttled when this poll gives up
        Map<String, String> settings = settingsFor(tenant, "PT1H");
        settings.put("relay.graph.retries", "2");
        settings.put("relay.poll.interval", "1h"); // a single poll
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("the poll's failure report", Duration.ofSeconds(30), () -> !reports.lines().isEmpty());
            List<RecordedRequest> tries = tenant.requests().all().stream()
                    .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS).toList();
            assertEquals(List.of(429, 429, 429), tries.stream().map(RecordedRequest::status).toList(),
                    "one request and relay.graph.retries=2 retries, none by the HTTP client itself");
            for (int i = 1; i < tries.size(); i++) {
                Duration gap = Duration.between(tries.get(i - 1).receivedAt(), tries.get(i).receivedAt());
                assertTrue(gap.compareTo(Duration.ofSeconds(1)) >= 0, "Retry-After: 1 honoured, got " + gap);
            }
            assertEquals(1, reports.linesContaining("Graph answered 429").size(), reports.lines().toString());
            assertEquals(1, reports.lines().size());
        }
    }

    @Test
    void aRetryAfterLongerThanTheMaximumEndsThePollAtOnceAndTheNextPollReadsTheWindow() {
        SimTenant tenant = newTenantWithAlerts(100, Duration.ofMinutes(30));
        tenant.faults().enqueue(Fault.tooManyRequests("3600"));
        Map<String, String> settings = settingsFor(tenant, "PT1H");
        settings.put("relay.graph.max-retry-delay-ms", "120000"); // a wait capped at this would outlast the await
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            assertEquals(List.of("WARN tenant t1: poll stopped, checkpoint kept: Graph asked to wait 3600 s (Retry-After),"
                    + " more than relay.graph.max-retry-delay-ms=120000; the window is read again at the next poll"),
                    reports.lines());
            assertEquals(1, tenant.requests().withStatus(429), "not sent again within the poll");
        }
    }

    @Test
    void fetchesAFreshTokenWhenGraphRejectsOne() {
        SimTenant tenant = newTenantWithAlerts(100, Duration.ofMinutes(30));
        tenant.faults().enqueue(Fault.tokenRejected());
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT1H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            assertEquals(1, tenant.requests().withStatus(401));
            await("more polls", Duration.ofSeconds(30), () -> tenant.requests().alertRequests() >= 10);
            assertEquals(2, tenant.requests().tokenRequests(), "the first token, and one new one after the 401");
        }
    }

    @Test
    void refusesANextLinkToAnotherHostAndKeepsTheCheckpoint() {
        SimTenant tenant = newTenantWithAlerts(50, Duration.ofMinutes(30));
        try (ConnectionCounter elsewhere = new ConnectionCounter();
             CapturedLog log = new CapturedLog("io.defenderrelay.graph")) {
            // same address and scheme as Graph, another port: only the configured host may see the token
            tenant.faults().enqueue(Fault.foreignNextLink("https://127.0.0.1:" + elsewhere.port()
                    + "/v1.0/security/alerts_v2?$skip=1"));
            try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT1H"))) {
                // the refused window is read again by the next poll, now without the fault
                relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
                assertEquals(50, relay.delivered().size());
            }
            assertEquals(0, elsewhere.connections(), "nothing, no token above all, went to the other host");
            assertEquals(1, log.linesContaining("refusing to send the bearer token there").size(), log.lines().toString());
        }
    }

    @Test
    void aWrongSecretFailsTheFirstPollBeforeAnythingIsSaved() {
        SimTenant tenant = newTenant();
        Map<String, String> settings = RelayHarness.secretTenant(RelayHarness.simulator(), dir, "t1", tenant.tenantId(),
                "app-" + tenant.tenantId(), "not-the-secret");
        try (CapturedLog log = new CapturedLog("io.defenderrelay.graph");
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("the first poll's failure", Duration.ofSeconds(10),
                    () -> !log.linesContaining("poll stopped").isEmpty());
            assertTrue(new FileCheckpointStore(dir.resolve("state")).load("t1").isEmpty(),
                    "no checkpoint from a poll that never signed in");
            assertTrue(log.linesContaining("poll stopped").get(0).text().contains("secret"), log.lines().toString());
        }
    }

    @Test
    void oneTokenPerHalfLifeOfShortTokensOverManyPollsWithAPortedAuthority() {
        try (GraphSimulator sim = GraphSimulator.start(SimulatorOptions.defaults().withTokenLifetime(Duration.ofSeconds(10)))) {
            Map<String, String> settings = RelayHarness.secretTenantOf(sim, dir, "short-tokens");
            SimTenant tenant = sim.tenant("short-tokens");
            settings.put("relay.poll.interval", "250ms");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("six tokens' worth of polls", Duration.ofSeconds(40), Duration.ofSeconds(1),
                        () -> tenant.requests().tokenRequests() >= 6);
            }
            List<Instant> tokens = tenant.requests().all().stream().filter(r -> r.kind() == RecordedRequest.Kind.TOKEN)
                    .map(RecordedRequest::receivedAt).toList();
            long graphRequests = tenant.requests().alertRequests();
            System.out.println(tokens.size() + " token requests for " + graphRequests + " Graph requests over "
                    + Duration.between(tokens.get(0), tokens.get(tokens.size() - 1)).toSeconds() + " s");
            // a 10 s token is renewed halfway through its life (expires_in counts whole seconds), never sooner
            for (int i = 1; i < tokens.size(); i++) {
                Duration gap = Duration.between(tokens.get(i - 1), tokens.get(i));
                assertTrue(gap.compareTo(Duration.ofSeconds(4)) >= 0 && gap.compareTo(Duration.ofSeconds(7)) <= 0,
                        "token " + (i + 1) + " came " + gap + " after the one before");
            }
            assertTrue(graphRequests > 10L * tokens.size(), graphRequests + " Graph requests");
        }
    }

    @Test
    void aPartialAnswerIsDeliveredButReadAgain() {
        SimTenant tenant = newTenantWithAlerts(400, Duration.ofMinutes(50));
        tenant.faults().enqueue(Fault.partial("microsoftDefenderForOffice365"));
        try (RelayHarness relay = RelayHarness.start(dir, settingsFor(tenant, "PT1H"))) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            assertEquals(400, relay.delivered().size(), "the re-read delivers only what the 206 left out");
        }
    }

    @Test
    void resumesFromCheckpointAfterRestartWithoutGap() {
        SimTenant tenant = newTenantWithAlerts(5000, Duration.ofHours(20));
        Map<String, String> settings = settingsFor(tenant, "P1D");
        settings.put("relay.lookback", "PT5M");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("a first part delivered", Duration.ofSeconds(30), () -> relay.delivered().size() > 500);
        }
        Instant checkpoint = new FileCheckpointStore(dir.resolve("state")).load("t1").orElseThrow().windowEnd();
        int before = tenant.requests().all().size();
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(60));
            assertEquals(5000, relay.delivered().size(), "a clean stop and a restart repeat nothing");
        }
        String resumed = tenant.requests().all().subList(before, tenant.requests().all().size()).stream()
                .filter(r -> r.kind() == RecordedRequest.Kind.ALERTS).findFirst().orElseThrow().pathAndQuery();
        assertTrue(URLDecoder.decode(resumed, StandardCharsets.UTF_8).contains("lastUpdateDateTime ge "
                + GraphTime.format(checkpoint.minus(Duration.ofMinutes(5))) + " "), "resumed at checkpoint - look-back: " + resumed);
    }

    @Test
    void lateAlertsAreCaughtByTheLookback() {
        SimTenant tenant = newTenant();
        Instant now = Instant.now();
        Map<String, String> settings = settingsFor(tenant, "PT1H");
        settings.put("relay.lookback", "PT1M");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("first poll", Duration.ofSeconds(10), () -> tenant.requests().alertRequests() > 0);
            // already behind the checkpoint when they become visible
            Set<String> before = new HashSet<>(tenant.alerts().ids());
            tenant.alerts().generate(20, now.minusSeconds(30), now.minusSeconds(20));
            Set<String> late = new HashSet<>(tenant.alerts().ids());
            late.removeAll(before);
            relay.awaitDelivered(late, Duration.ofSeconds(30));
        }
    }

    @Test
    void twoTenantsArePolledIndependently() {
        SimTenant slow = newTenantWithAlerts(100, Duration.ofMinutes(30));
        SimTenant fast = newTenantWithAlerts(100, Duration.ofMinutes(30));
        for (int i = 0; i < 20; i++) {
            slow.faults().enqueue(Fault.serviceUnavailable("2"));
        }
        Map<String, String> settings = settingsFor(slow, "PT1H");
        settings.put("relay.tenants[1].name", "t2");
        settings.put("relay.tenants[1].tenant-id", fast.tenantId());
        settings.put("relay.tenants[1].client-id", "app-" + fast.tenantId());
        settings.put("relay.tenants[1].client-secret", "secret-" + fast.tenantId());
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(fast.alerts().ids()), Duration.ofSeconds(10));
            assertTrue(relay.deliveredIds().stream().noneMatch(slow.alerts().ids()::contains),
                    "the throttled tenant is still waiting while the other one is done");
        }
    }
}
