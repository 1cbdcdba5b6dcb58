package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** alerts_v2 query semantics over real HTTPS, against one tenant with a fixed, seeded data set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsEndpointTest {
    private static final Instant DAY = Instant.parse("2026-10-01T00:00:00Z");
    /** Exactly on the 100 ns grid: the boundary tests compare at full precision. */
    private static final Instant BULK = Instant.parse("2026-10-01T12:00:00.1234567Z");

    private GraphSimulator simulator;
    private SimHttp http;
    private SimTenant tenant;
    private String token;
    private List<JsonNode> everyAlert;

    @BeforeAll
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults().withSeed(7));
        http = new SimHttp(simulator);
        tenant = simulator.tenant("contoso");
        tenant.registerSecretApp("app", "secret");
        tenant.alerts().generate(3000, DAY, DAY.plusSeconds(86_400));
        tenant.alerts().generateAt(40, BULK);
        token = http.token("contoso", "app", "secret");
        everyAlert = tenant.alerts().ids().stream().<JsonNode>map(tenant.alerts()::get).toList();
    }

    @AfterAll
    void stop() {
        simulator.close();
    }

    @Test
    void geIncludesAndGtExcludesTheBoundaryInstant() {
        assertEquals(40 + countWhere(a -> updated(a).isAfter(BULK)),
                count("lastUpdateDateTime ge 2026-10-01T12:00:00.1234567Z"));
        assertEquals(countWhere(a -> updated(a).isAfter(BULK)), count("lastUpdateDateTime gt 2026-10-01T12:00:00.1234567Z"));
        assertEquals(40, count("lastUpdateDateTime ge 2026-10-01T12:00:00.1234567Z and lastUpdateDateTime le "
                + "2026-10-01T12:00:00.1234567Z"));
        assertEquals(0, count("lastUpdateDateTime ge 2026-10-01T12:00:00.1234567Z and lastUpdateDateTime lt "
                + "2026-10-01T12:00:00.1234567Z"));
    }

    @Test
    void acceptsZeroToSevenFractionalDigitsAndOffsets() {
        long whole = count("lastUpdateDateTime ge 2026-10-01T12:00:00Z and lastUpdateDateTime lt 2026-10-01T12:00:01Z");
        Instant noon = Instant.parse("2026-10-01T12:00:00Z");
        assertEquals(countWhere(a -> !updated(a).isBefore(noon) && updated(a).isBefore(noon.plusSeconds(1))), whole);
        assertEquals(whole, count("lastUpdateDateTime ge 2026-10-01T12:00:00.0Z and lastUpdateDateTime lt "
                + "2026-10-01T14:00:01.000000+02:00"));
        assertEquals(0, count("lastUpdateDateTime gt 2026-10-01T12:00:00.123456Z and lastUpdateDateTime lt "
                + "2026-10-01T12:00:00.1234567Z"));
    }

    @Test
    void filtersOnEnumsAndCreatedDateTime() {
        assertEquals(countWhere(a -> a.get("severity").asText().equals("high")), count("severity eq 'high'"));
        assertEquals(countWhere(a -> a.get("serviceSource").asText().equals("microsoftDefenderForOffice365")
                        && a.get("status").asText().equals("new")),
                count("(serviceSource eq 'microsoftDefenderForOffice365') and (status eq 'new')"));
        assertEquals(countWhere(a -> a.get("classification").isNull()), count("classification eq null"));
        assertEquals(countWhere(a -> "truePositive".equals(a.get("classification").asText())
                        && "malware".equals(a.get("determination").asText())),
                count("classification eq 'truePositive' and determination eq 'malware'"));
        assertEquals(countWhere(a -> instant(a, "createdDateTime").isBefore(DAY.plusSeconds(3600))),
                count("createdDateTime lt 2026-10-01T01:00:00Z"));
        assertEquals(0, count("severity eq 'high' and severity eq 'low'"));
    }

    @Test
    void refusesFiltersGraphWouldRefuse() {
        for (String filter : List.of("title eq 'x'", "severity eq 'catastrophic'", "severity ne 'high'",
                "severity eq high", "lastUpdateDateTime ge '2026-10-01T00:00:00Z'",
                "lastUpdateDateTime ge 2026-10-01T00:00:00.12345678Z", "lastUpdateDateTime eq 2026-10-01T00:00:00Z",
                "severity eq 'high' or severity eq 'low'", "(severity eq 'high'", "severity eq 'high' and", "")) {
            assertBadRequest(http.alerts(token, "$filter", filter), filter);
        }
    }

    @Test
    void clampsTopToOneThousand() {
        JsonNode page = ok(http.alerts(token, "$top", "5000"));
        assertEquals(1000, page.get("value").size());
        assertTrue(page.get("@odata.nextLink").asText().contains("$top=1000"));
    }

    @Test
    void clampsTopToTheConfiguredPageSize() {
        try (GraphSimulator small = GraphSimulator.start(SimulatorOptions.defaults().withMaxPageSize(25))) {
            SimTenant other = small.tenant("t");
            other.registerSecretApp("a", "s");
            other.alerts().generate(100, DAY, DAY.plusSeconds(60));
            SimHttp smallHttp = new SimHttp(small);
            assertEquals(25, ok(smallHttp.alerts(smallHttp.token("t", "a", "s"), "$top", "500")).get("value").size());
        }
    }

    @Test
    void refusesSkipBeyondFiveHundredAndOrderBy() {
        assertEquals(100, ok(http.alerts(token, "$top", "100", "$skip", "500")).get("value").size());
        JsonNode error = assertBadRequest(http.alerts(token, "$skip", "501"), "$skip=501");
        assertTrue(error.get("message").asText().contains("$skip"));
        assertBadRequest(http.alerts(token, "$orderby", "lastUpdateDateTime desc"), "$orderby");
        assertBadRequest(http.alerts(token, "$top", "0"), "$top=0");
        assertBadRequest(http.alerts(token, "$top", "many"), "$top=many");
        assertBadRequest(http.alerts(token, "$select", "id"), "$select");
    }

    @Test
    void countsAllMatchesIgnoringTopAndSkip() {
        JsonNode page = ok(http.alerts(token, "$filter", "severity eq 'medium'", "$top", "10", "$skip", "20",
                "$count", "true"));
        assertEquals(countWhere(a -> a.get("severity").asText().equals("medium")), page.get("@odata.count").asLong());
        assertEquals(10, page.get("value").size());
        assertFalse(ok(http.alerts(token, "$top", "10")).has("@odata.count"));
    }

    @Test
    void servesNewestFirstThenById() {
        JsonNode page = ok(http.alerts(token, "$filter", "lastUpdateDateTime ge 2026-10-01T11:00:00Z and "
                + "lastUpdateDateTime le 2026-10-01T12:00:00.1234567Z", "$top", "200"));
        List<JsonNode> alerts = new ArrayList<>();
        page.get("value").forEach(alerts::add);
        for (int i = 1; i < alerts.size(); i++) {
            int byTime = updated(alerts.get(i - 1)).compareTo(updated(alerts.get(i)));
            assertTrue(byTime > 0 || byTime == 0
                    && alerts.get(i - 1).get("id").asText().compareTo(alerts.get(i).get("id").asText()) < 0);
        }
        assertEquals(BULK, updated(alerts.get(0)));
    }

    @Test
    void nextLinkWalkReturnsEveryMatchOnceAndKeepsTheQuery() {
        String filter = "lastUpdateDateTime ge 2026-10-01T06:00:00Z and lastUpdateDateTime lt 2026-10-01T09:00:00Z";
        HttpResponse<String> response = http.alerts(token, "$filter", filter, "$top", "60", "$count", "true");
        Set<String> ids = new HashSet<>();
        long expected = SimHttp.json(response).get("@odata.count").asLong();
        while (true) {
            JsonNode page = ok(response);
            assertEquals(simulator.baseUrl() + "/v1.0/$metadata#security/alerts_v2", page.get("@odata.context").asText());
            assertEquals(expected, page.get("@odata.count").asLong());
            page.get("value").forEach(a -> assertTrue(ids.add(a.get("id").asText()), "served twice"));
            if (!page.has("@odata.nextLink")) {
                break;
            }
            String next = page.get("@odata.nextLink").asText();
            assertTrue(next.startsWith(simulator.baseUrl() + AlertsEndpoint.PATH + "?$filter="), next);
            assertTrue(next.contains("$top=60") && next.contains("$count=true"), next);
            response = http.get(next, token);
        }
        assertEquals(expected, ids.size());
        assertEquals(countWhere(a -> !updated(a).isBefore(DAY.plusSeconds(6 * 3600))
                && updated(a).isBefore(DAY.plusSeconds(9 * 3600))), expected);
    }

    @Test
    void nextLinkLeadsIntoTheSkipLimitWhenAFilterMatchesTooMany() {
        String next = ok(http.alerts(token, "$top", "1000")).get("@odata.nextLink").asText();
        assertBadRequest(http.get(next, token), next);
    }

    @Test
    void hidesEvolvableEnumMembersWithoutPreferHeader() {
        String filter = "serviceSource eq 'microsoftDefenderForCloud'";
        JsonNode plain = ok(http.alerts(token, "$filter", filter));
        assertEquals(countWhere(a -> a.get("serviceSource").asText().equals("microsoftDefenderForCloud")),
                plain.get("value").size());
        plain.get("value").forEach(a -> {
            assertEquals("unknownFutureValue", a.get("serviceSource").asText());
            assertEquals("unknownFutureValue", a.get("detectionSource").asText());
        });
        HttpResponse<String> preferred = http.get(AlertsEndpoint.PATH + "?$filter=" + encode(filter), token,
                "Prefer", "odata.maxpagesize=10, include-unknown-enum-members");
        assertEquals("include-unknown-enum-members", preferred.headers().firstValue("Preference-Applied").orElse(""));
        ok(preferred).get("value").forEach(a -> {
            assertEquals("microsoftDefenderForCloud", a.get("serviceSource").asText());
            assertTrue(GraphEnums.EVOLVABLE_DETECTION_SOURCES.contains(a.get("detectionSource").asText()));
        });
    }

    @Test
    void answersLikeGraphWithJsonAndRequestIds() {
        HttpResponse<String> response = http.get(AlertsEndpoint.PATH + "?$top=1", token, "client-request-id", "abc-123");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(response.headers().firstValue("request-id").isPresent());
        assertEquals("abc-123", response.headers().firstValue("client-request-id").orElse(""));
        JsonNode error = SimHttp.json(http.get(AlertsEndpoint.PATH + "?$skip=999", token, "client-request-id", "abc-123"))
                .get("error");
        assertEquals("abc-123", error.get("innerError").get("client-request-id").asText());
        assertNotNull(error.get("innerError").get("request-id"));
        assertNotNull(error.get("innerError").get("date"));
    }

    @Test
    void refusesMissingAndUnknownTokens() {
        int before = simulator.unattributedRequests().withStatus(401);
        assertGraphError(http.get(AlertsEndpoint.PATH, null), 401, "InvalidAuthenticationToken");
        assertGraphError(http.get(AlertsEndpoint.PATH, "forged"), 401, "InvalidAuthenticationToken");
        assertEquals(before + 2, simulator.unattributedRequests().withStatus(401));
    }

    @Test
    void recordsEveryRequestWithItsHeaders() {
        tenant.requests().clear();
        http.alerts(token, "$top", "1");
        http.alerts(token, "$skip", "600");
        List<RecordedRequest> seen = tenant.requests().all();
        assertEquals(2, tenant.requests().alertRequests());
        assertEquals(200, seen.get(0).status());
        assertEquals(400, seen.get(1).status());
        assertEquals("/v1.0/security/alerts_v2?$top=1", seen.get(0).pathAndQuery());
        assertEquals("Bearer " + token, seen.get(0).header("Authorization"));
        assertEquals("app", seen.get(0).clientId());
    }

    private long count(String filter) {
        return ok(http.alerts(token, "$filter", filter, "$top", "1", "$count", "true")).get("@odata.count").asLong();
    }

    private long countWhere(Predicate<JsonNode> predicate) {
        return everyAlert.stream().filter(predicate).count();
    }

    private static Instant updated(JsonNode alert) {
        return instant(alert, "lastUpdateDateTime");
    }

    private static Instant instant(JsonNode alert, String field) {
        return Instant.parse(alert.get(field).asText());
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return SimHttp.json(response);
    }

    private static JsonNode assertBadRequest(HttpResponse<String> response, String what) {
        assertEquals(400, response.statusCode(), what + " → " + response.body());
        return assertGraphError(response, 400, "BadRequest");
    }

    static JsonNode assertGraphError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = SimHttp.json(response).get("error");
        assertEquals(code, error.get("code").asText());
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(error.get("innerError").has("request-id"));
        return error;
    }
}
