package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.defenderrelay.simulator.AlertsEndpointTest.assertGraphError;
import static io.defenderrelay.simulator.AlertsEndpointTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may read which alerts, and when: token lifetime, revocation, consent, tenant isolation, late availability. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphAccessTest {
    private GraphSimulator simulator;
    private SimHttp http;

    @BeforeAll
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults()
                .withTokenLifetime(Duration.ofSeconds(3))
                .withVisibilityDelay(Duration.ofSeconds(3)));
        http = new SimHttp(simulator);
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void expiredTokenGets401AndAFreshTokenWorks() {
        SimTenant tenant = tenantWithApp("expiry");
        String token = http.token("expiry", "app", "secret");
        assertEquals(3, SimHttp.json(http.postToken("expiry", http.secretForm("app", "secret")))
                .get("expires_in").asInt());
        ok(http.alerts(token));
        Eventually.await(Duration.ofSeconds(10), "token expiry", () -> http.alerts(token).statusCode() == 401);
        JsonNode error = assertGraphError(http.alerts(token), 401, "InvalidAuthenticationToken");
        assertTrue(error.get("message").asText().contains("expired"));
        assertTrue(http.alerts(token).headers().firstValue("WWW-Authenticate").isPresent());
        ok(http.alerts(http.token("expiry", "app", "secret")));
        assertEquals(3, tenant.requests().withStatus(401), "the three expired-token requests are logged for their tenant");
    }

    @Test
    void revokedTokensGet401() {
        SimTenant tenant = tenantWithApp("revoked");
        String token = http.token("revoked", "app", "secret");
        ok(http.alerts(token));
        tenant.revokeTokens();
        assertGraphError(http.alerts(token), 401, "InvalidAuthenticationToken");
        ok(http.alerts(http.token("revoked", "app", "secret")));
    }

    @Test
    void appWithoutConsentGetsTokensButGraphSays403() {
        SimTenant tenant = tenantWithApp("consent");
        tenant.denyAlertPermission("app");
        JsonNode error = assertGraphError(http.alerts(http.token("consent", "app", "secret")), 403,
                "Authorization_RequestDenied");
        assertTrue(error.get("message").asText().contains("SecurityAlert.Read.All"));
    }

    @Test
    void eachTokenSeesOnlyItsOwnTenantsAlerts() {
        Instant at = Instant.now().minusSeconds(3600);
        List<String> contoso = tenantWithApp("contoso").alerts().generate(30, at, at.plusSeconds(60));
        List<String> fabrikam = tenantWithApp("fabrikam").alerts().generate(20, at, at.plusSeconds(60));
        Set<String> seen = ids(ok(http.alerts(http.token("fabrikam", "app", "secret"))));
        assertEquals(new HashSet<>(fabrikam), seen);
        assertTrue(contoso.stream().noneMatch(seen::contains));
        assertEquals("contoso", simulator.tenant("CONTOSO").tenantId(), "tenant ids are case-insensitive");
    }

    @Test
    void alertsBecomeVisibleOnlyAfterTheVisibilityDelay() {
        SimTenant tenant = tenantWithApp("late");
        String token = http.token("late", "app", "secret");
        List<String> old = tenant.alerts().generate(5, Instant.now().minusSeconds(600), Instant.now().minusSeconds(60));
        List<String> fresh = tenant.alerts().generateAt(7, Instant.now());
        Set<String> now = ids(ok(http.alerts(token)));
        assertEquals(new HashSet<>(old), now);
        Set<String> all = new HashSet<>(old);
        all.addAll(fresh);
        Eventually.await(Duration.ofSeconds(10), "fresh alerts visible",
                () -> ids(ok(http.alerts(http.token("late", "app", "secret")))).equals(all));
    }

    @Test
    void anUpdatedAlertIsInvisibleUntilItsNewVersionIsVisible() {
        SimTenant tenant = tenantWithApp("updated");
        String id = tenant.alerts().generate(1, Instant.now().minusSeconds(600), Instant.now().minusSeconds(60)).get(0);
        String token = http.token("updated", "app", "secret");
        assertEquals(Set.of(id), ids(ok(http.alerts(token))));
        tenant.alerts().update(id, Instant.now(), "resolved");
        assertEquals(Set.of(), ids(ok(http.alerts(token))));
        Eventually.await(Duration.ofSeconds(10), "new version visible", () -> {
            HttpResponse<String> response = http.alerts(http.token("updated", "app", "secret"));
            JsonNode value = ok(response).get("value");
            return value.size() == 1 && value.get(0).get("status").asText().equals("resolved");
        });
    }

    /** Tests share one simulator (its key takes a while to make), so each test names its own tenants. */
    private SimTenant tenantWithApp(String name) {
        SimTenant tenant = simulator.tenant(name);
        tenant.registerSecretApp("app", "secret");
        return tenant;
    }

    private static Set<String> ids(JsonNode page) {
        Set<String> ids = new HashSet<>();
        page.get("value").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }
}
