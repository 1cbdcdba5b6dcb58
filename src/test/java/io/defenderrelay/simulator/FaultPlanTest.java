package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.defenderrelay.simulator.AlertsEndpointTest.assertGraphError;
import static io.defenderrelay.simulator.AlertsEndpointTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultPlanTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final String MDO = "microsoftDefenderForOffice365";

    private GraphSimulator simulator;
    private SimHttp http;
    private SimTenant tenant;
    private String token;

    private int tenants;

    @BeforeAll
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults());
        http = new SimHttp(simulator);
    }

    /** A fresh tenant per test: faults and hooks never leak between tests. */
    @BeforeEach
    void freshTenant() {
        String name = "tenant-" + ++tenants;
        tenant = simulator.tenant(name);
        tenant.registerSecretApp("app", "secret");
        tenant.alerts().generate(300, START, START.plusSeconds(3600));
        token = http.token(name, "app", "secret");
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void tooManyRequestsSendsRetryAfterVerbatimThenRecovers() {
        tenant.faults().enqueue(Fault.tooManyRequests("0.5"));
        tenant.faults().enqueue(Fault.tooManyRequests("Wed, 21 Oct 2026 07:28:00 GMT"));
        HttpResponse<String> first = http.alerts(token);
        assertGraphError(first, 429, "TooManyRequests");
        assertEquals("0.5", first.headers().firstValue("Retry-After").orElse(""));
        assertEquals("Wed, 21 Oct 2026 07:28:00 GMT", http.alerts(token).headers().firstValue("Retry-After").orElse(""));
        ok(http.alerts(token));
    }

    @Test
    void repeatsAFaultTheRequestedNumberOfTimes() {
        tenant.faults().enqueue(Fault.tooManyRequests("2").times(2));
        tenant.faults().enqueue(Fault.serviceUnavailable(null), 2);
        assertEquals(4, tenant.faults().pending());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(http.alerts(token).statusCode());
        }
        assertEquals(List.of(429, 429, 503, 503, 200), statuses);
    }

    @Test
    void serviceUnavailableCarriesRetryAfterOnlyWhenGiven() {
        tenant.faults().enqueue(Fault.serviceUnavailable(null));
        tenant.faults().enqueue(Fault.serviceUnavailable("3"));
        HttpResponse<String> without = http.alerts(token);
        assertGraphError(without, 503, "ServiceUnavailable");
        assertTrue(without.headers().firstValue("Retry-After").isEmpty());
        assertEquals("3", http.alerts(token).headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void slowDelaysThenServesNormally() {
        tenant.faults().enqueue(Fault.slow(Duration.ofMillis(400)));
        long started = System.nanoTime();
        ok(http.alerts(token, "$top", "5"));
        // a delay has no exact length, only its least
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 400);
    }

    @Test
    void forbiddenAndSegmentNotFoundLookLikeGraph() {
        tenant.faults().enqueue(Fault.forbidden());
        tenant.faults().enqueue(Fault.segmentNotFound());
        assertGraphError(http.alerts(token), 403, "Authorization_RequestDenied");
        JsonNode missing = SimHttp.json(http.alerts(token)).get("error");
        assertEquals("Resource not found for the segment 'alerts_v2'.", missing.get("message").asText());
    }

    @Test
    void truncatedAndMalformedBodiesAreNotJson() {
        HttpResponse<String> whole = http.alerts(token, "$top", "20");
        tenant.faults().enqueue(Fault.truncatedJson());
        tenant.faults().enqueue(Fault.malformedJson());
        HttpResponse<String> truncated = http.alerts(token, "$top", "20");
        HttpResponse<String> malformed = http.alerts(token, "$top", "20");
        assertEquals(200, truncated.statusCode());
        assertEquals(200, malformed.statusCode());
        assertEquals(whole.body().length() / 2, truncated.body().length(), 2);
        assertThrows(AssertionError.class, () -> SimHttp.json(truncated));
        assertThrows(AssertionError.class, () -> SimHttp.json(malformed));
    }

    @Test
    void aCutBodyEndsTheConnectionShortOfItsLengthOnce() {
        tenant.faults().enqueue(Fault.cutMidBody());
        AssertionError cut = assertThrows(AssertionError.class, () -> http.alerts(token, "$top", "20"));
        assertInstanceOf(IOException.class, cut.getCause(), cut.toString());
        assertEquals(20, ok(http.alerts(token, "$top", "20")).get("value").size(), "the next request is served whole");
    }

    @Test
    void aTokenEndpointThatIsDownAnswers503UntilItIsBack() {
        tenant.tokenEndpointDown(true);
        HttpResponse<String> down = http.postToken(tenant.tenantId(), http.secretForm("app", "secret"));
        assertEquals(503, down.statusCode());
        tenant.tokenEndpointDown(false);
        assertFalse(http.token(tenant.tenantId(), "app", "secret").isBlank());
    }

    @Test
    void foreignNextLinkReplacesTheRealOne() {
        tenant.faults().enqueue(Fault.foreignNextLink("https://attacker.example/v1.0/security/alerts_v2?$skip=5"));
        JsonNode page = ok(http.alerts(token, "$top", "5"));
        assertEquals("https://attacker.example/v1.0/security/alerts_v2?$skip=5", page.get("@odata.nextLink").asText());
        assertEquals(5, page.get("value").size());
    }

    @Test
    void partialLeavesOutTheFailedProvidersAlertsWith206AndWarning() {
        tenant.faults().enqueue(Fault.partial(MDO));
        HttpResponse<String> partial = http.alerts(token, "$top", "1000", "$count", "true");
        assertEquals(206, partial.statusCode());
        assertEquals("199 - \"Microsoft/" + MDO + "/504/10000\"", partial.headers().firstValue("Warning").orElse(""));
        JsonNode page = SimHttp.json(partial);
        page.get("value").forEach(a -> assertFalse(MDO.equals(a.get("serviceSource").asText())));
        JsonNode full = ok(http.alerts(token, "$top", "1000", "$count", "true"));
        long left = StreamSupport.stream(full.get("value").spliterator(), false)
                .filter(a -> MDO.equals(a.get("serviceSource").asText())).count();
        assertTrue(left > 0);
        assertEquals(300, full.get("@odata.count").asLong());
        assertEquals(300 - left, page.get("@odata.count").asLong(), "the count leaves out what the page leaves out");
        assertEquals(300 - left, page.get("value").size());
    }

    @Test
    void failProviderStaysUntilSwitchedOff() {
        tenant.faults().failProvider(MDO, true);
        assertEquals(206, http.alerts(token).statusCode());
        assertEquals(206, http.alerts(token).statusCode());
        tenant.faults().failProvider(MDO, false);
        assertTrue(sources(ok(http.alerts(token))).contains(MDO));
    }

    @Test
    void pageHookRunsBeforeTheNextPageSoAnAlertLeavingTheWindowMakesOffsetPagingSkipAnother() {
        List<Integer> served = new CopyOnWriteArrayList<>();
        String filter = "lastUpdateDateTime lt 2026-10-01T01:00:00Z";
        List<String> newestFirst = new ArrayList<>();
        ok(http.alerts(token, "$filter", filter, "$top", "300")).get("value")
                .forEach(a -> newestFirst.add(a.get("id").asText()));
        String movedAway = newestFirst.get(50);
        tenant.faults().onPageServed(page -> {
            served.add(page);
            if (page == 0) {
                tenant.alerts().update(movedAway, START.plusSeconds(7200), "resolved");
            }
        });
        Set<String> walked = new HashSet<>();
        HttpResponse<String> response = http.alerts(token, "$filter", filter, "$top", "100");
        while (true) {
            JsonNode page = ok(response);
            page.get("value").forEach(a -> walked.add(a.get("id").asText()));
            if (!page.has("@odata.nextLink")) {
                break;
            }
            response = http.get(page.get("@odata.nextLink").asText(), token);
        }
        assertEquals(List.of(0, 1, 2), served);
        assertTrue(walked.contains(movedAway), "served on page 0, before it moved");
        assertFalse(walked.contains(newestFirst.get(100)), "slid onto page 0 after page 0 was served");
        assertEquals(newestFirst.size() - 1, walked.size());
    }

    @Test
    void aFailingPageHookAnswers500WithTheCause() {
        tenant.faults().onPageServed(page -> {
            throw new IllegalStateException("hook exploded");
        });
        HttpResponse<String> response = http.alerts(token);
        assertGraphError(response, 500, "InternalServerError");
        assertTrue(response.body().contains("hook exploded"));
    }

    private static Set<String> sources(JsonNode page) {
        Set<String> sources = new HashSet<>();
        page.get("value").forEach(a -> sources.add(a.get("serviceSource").asText()));
        return sources;
    }
}
