package io.defenderrelay.simulator;

import io.defenderrelay.testing.Contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's real answers against Graph's and Entra's documented responses (src/test/resources/contracts):
 * token answers and refusals, pages with $count and nextLink, Graph's limits, errors, throttling and partial answers.
 * The fixtures were written from Microsoft's documentation, so the simulator cannot drift from it unnoticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorContractTest {
    private static final String TENANT = "contoso";
    private static final Instant HOUR = Instant.parse("2026-10-01T00:00:00Z");
    private static final String BIG_WINDOW = "lastUpdateDateTime ge 2026-10-01T00:00:00Z and lastUpdateDateTime lt "
            + "2026-10-01T01:00:00Z";
    private static final String SMALL_WINDOW = "lastUpdateDateTime ge 2026-10-02T00:00:00Z and lastUpdateDateTime lt "
            + "2026-10-02T00:00:10Z";
    private static final Pattern AADSTS = Pattern.compile("^AADSTS(\\d+): ");
    private static final Pattern DESCRIPTION_TIMESTAMP = Pattern.compile("Timestamp: (.+)$");

    private final Contract page = Contract.load("graph-alerts-page");
    private final Contract graphError = Contract.load("graph-error");
    private GraphSimulator simulator;
    private SimHttp http;
    private SimTenant tenant;
    private String token;

    @BeforeAll
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults().withSeed(15));
        http = new SimHttp(simulator);
        tenant = simulator.tenant(TENANT);
        tenant.registerSecretApp("app", "secret");
        tenant.registerSecretApp("no-consent", "secret");
        tenant.denyAlertPermission("no-consent");
        tenant.alerts().generate(1200, HOUR, HOUR.plusSeconds(3600));
        tenant.alerts().generate(3, HOUR.plusSeconds(86_400), HOUR.plusSeconds(86_405));
        token = http.token(TENANT, "app", "secret");
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void tokenAnswerHasTheDocumentedMembersAndNoScope() {
        Contract.load("entra-token-success").assertMatches(http.postToken(TENANT, http.secretForm("app", "secret")));
    }

    @Test
    void tokenRefusalsHaveTheDocumentedMembers() {
        Contract refusal = Contract.load("entra-token-error");
        Map<String, String> graphScopeByName = http.secretForm("app", "secret");
        graphScopeByName.put("scope", simulator.baseUrl() + "/SecurityAlert.Read.All");

        assertEntraRefusal(refusal, http.postToken(TENANT, graphScopeByName), 1002012);
        // RFC 6749 section 5.2: a failed client authentication may be answered 401, as Entra does
        assertEntraRefusal(refusal.expectingStatus(401), http.postToken(TENANT, http.secretForm("app", "wrong")),
                7000215);
        assertEntraRefusal(refusal, http.postToken("no-such-tenant", http.secretForm("app", "secret")), 90002);
    }

    @Test
    void firstPageCountsEveryAlertAndLinksTheNextPageAbsolutely() {
        HttpResponse<String> first = http.alerts(token, "$filter", BIG_WINDOW, "$top", "1000", "$count", "true");
        page.assertMatches(first);
        JsonNode body = SimHttp.json(first);
        assertEquals(1200, body.get("@odata.count").asLong());
        assertEquals(1000, body.get("value").size());
        // "the most recent alerts are displayed at the top of the list"
        List<Instant> updated = new ArrayList<>();
        body.get("value").forEach(alert -> updated.add(Instant.parse(alert.get("lastUpdateDateTime").asText())));
        assertEquals(updated.stream().sorted(Comparator.reverseOrder()).toList(), updated);

        URI next = URI.create(body.get("@odata.nextLink").asText());
        assertEquals(URI.create(simulator.baseUrl()).getAuthority(), next.getAuthority());
        // the link keeps every option of the request (Graph's paging documentation) and moves $skip on
        String query = URLDecoder.decode(next.getRawQuery(), StandardCharsets.UTF_8);
        assertTrue(query.contains("$filter=" + BIG_WINDOW), query);
        assertTrue(query.contains("$count=true") && query.contains("$top=1000"), query);
        assertTrue(query.endsWith("$skip=1000"), query);
        // followed verbatim it lands beyond $skip 500: Graph's documented 400, so deep paging is impossible
        graphError.assertMatches(http.get(next.toString(), token));
    }

    @Test
    void everyPageUntilTheLastLinksTheNextAndTheLastLinksNone() {
        HttpResponse<String> response = http.alerts(token, "$filter", SMALL_WINDOW, "$top", "1", "$count", "true");
        Set<String> ids = new HashSet<>();
        for (int pages = 1; ; pages++) {
            JsonNode body = SimHttp.json(response);
            assertEquals(3, body.get("@odata.count").asLong());
            body.get("value").forEach(alert -> ids.add(alert.get("id").asText()));
            if (!body.has("@odata.nextLink")) {
                assertEquals(3, pages);
                break;
            }
            page.assertMatches(response);
            response = http.get(body.get("@odata.nextLink").asText(), token);
        }
        assertEquals(3, ids.size());
    }

    @Test
    void countIsSentOnlyWhenAskedFor() {
        JsonNode body = AlertsEndpointTest.ok(http.alerts(token, "$filter", SMALL_WINDOW));

        assertFalse(body.has("@odata.count"), body.toString());
        assertFalse(body.has("@odata.nextLink"), body.toString());
        assertEquals(3, body.get("value").size());
    }

    @Test
    void topIsClampedToOneThousandAndSkipAboveFiveHundredIsRefused() {
        JsonNode clamped = AlertsEndpointTest.ok(http.alerts(token, "$filter", BIG_WINDOW, "$top", "5000"));
        assertEquals(1000, clamped.get("value").size());
        assertEquals(200, http.alerts(token, "$filter", BIG_WINDOW, "$top", "10", "$skip", "500").statusCode());

        graphError.assertMatches(http.alerts(token, "$filter", BIG_WINDOW, "$top", "10", "$skip", "501"));
    }

    @Test
    void errorsCarryInnerErrorWithDateAndRequestIds() {
        graphError.expectingStatus(401).assertMatches(http.get(AlertsEndpoint.PATH, null));
        String unconsented = http.token(TENANT, "no-consent", "secret");
        graphError.expectingStatus(403).assertMatches(http.get(AlertsEndpoint.PATH, unconsented));
        tenant.faults().enqueue(Fault.segmentNotFound());
        graphError.expectingStatus(404).assertMatches(http.get(AlertsEndpoint.PATH, token));
    }

    @Test
    void throttlingAnswersWithRetryAfterSeconds() {
        Contract throttled = Contract.load("graph-throttled");
        tenant.faults().enqueue(Fault.tooManyRequests(throttled.header("Retry-After")));

        HttpResponse<String> response = http.alerts(token, "$filter", SMALL_WINDOW);

        throttled.assertMatches(response);
        assertEquals("2.128", response.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void partialAnswerNamesEachFailedProviderInTheDocumentedWarningFormat() {
        Contract partial = Contract.load("graph-partial");
        tenant.faults().failProvider("microsoftDefenderForOffice365", true);
        tenant.faults().failProvider("microsoftDefenderForIdentity", true);
        try {
            partial.assertMatches(http.alerts(token, "$filter", BIG_WINDOW, "$top", "10"));
        } finally {
            tenant.faults().failProvider("microsoftDefenderForOffice365", false);
            tenant.faults().failProvider("microsoftDefenderForIdentity", false);
        }
    }

    private static void assertEntraRefusal(Contract refusal, HttpResponse<String> response, int code) {
        refusal.assertMatches(response);
        JsonNode body = SimHttp.json(response);
        Matcher prefix = AADSTS.matcher(body.get("error_description").asText());
        assertTrue(prefix.find(), body.toString());
        assertEquals(code, Integer.parseInt(prefix.group(1)));
        assertEquals(code, body.get("error_codes").get(0).asInt());
        Matcher stamp = DESCRIPTION_TIMESTAMP.matcher(body.get("error_description").asText());
        assertTrue(stamp.find() && stamp.group(1).equals(body.get("timestamp").asText()), body.toString());
    }
}
