package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertStoreTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final long EVERYTHING_VISIBLE = Long.MAX_VALUE;

    private final AlertStore store = new AlertStore("contoso", new AlertGenerator("contoso", 3), 3, Clock.systemUTC());

    @Test
    void generateAtPutsEveryAlertOnTheSameInstantWithVariedProperties() {
        Instant bulk = Instant.parse("2026-10-01T08:30:00Z");
        List<String> ids = store.generateAt(3000, bulk);
        assertEquals(3000, new HashSet<>(ids).size());
        List<JsonNode> alerts = ids.stream().<JsonNode>map(store::get).toList();
        assertTrue(alerts.stream().allMatch(a -> a.get("lastUpdateDateTime").asText().equals("2026-10-01T08:30:00.0000000Z")));
        assertEquals(ProviderCatalog.PROFILES.stream().map(ProviderProfile::serviceSource).collect(Collectors.toSet()),
                distinct(alerts, "serviceSource"));
        assertEquals(Set.copyOf(AlertGeneratorTest.minus(GraphEnums.SEVERITIES, GraphEnums.UNKNOWN_FUTURE_VALUE)), distinct(alerts, "severity"));
        assertEquals(Set.copyOf(AlertGeneratorTest.minus(GraphEnums.STATUSES, GraphEnums.UNKNOWN_FUTURE_VALUE)), distinct(alerts, "status"));
    }

    @Test
    void versionsAreTheRenderedIdsAndLastUpdatesOfEveryAlert() {
        store.generate(200, START, START.plusSeconds(3600));
        store.updateRandom(20, START.plusSeconds(7200));
        ObjectNode handMade = store.get(store.ids().get(0)).deepCopy();
        handMade.put("id", "hand-made").put("lastUpdateDateTime", "2026-10-01T09:00:00.5Z");
        store.put(handMade);
        assertEquals(store.ids().stream().map(id -> id + "@" + store.get(id).get("lastUpdateDateTime").asText()).toList(),
                store.versions());
    }

    @Test
    void updateMovesTheAlertToALaterVersion() {
        List<String> ids = store.generate(100, START, START.plusSeconds(3600));
        String id = ids.get(17);
        JsonNode before = store.get(id);
        Instant later = START.plusSeconds(7200);
        store.update(id, later, "resolved");
        JsonNode after = store.get(id);
        assertEquals(before.get("createdDateTime"), after.get("createdDateTime"));
        assertEquals(before.get("title"), after.get("title"));
        assertEquals("resolved", after.get("status").asText());
        assertEquals(GraphTime.format(later), after.get("lastUpdateDateTime").asText());
        AlertPage newest = store.query(AlertFilter.all(), 0, 1, true, Set.of(), EVERYTHING_VISIBLE);
        assertEquals(id, newest.alerts().get(0).facts().id());
        assertEquals(2, newest.alerts().get(0).facts().version());
        assertThrows(IllegalArgumentException.class, () -> store.update("da0000000000000000", later, null));
        assertThrows(IllegalArgumentException.class, () -> store.update(id, later, "closed"));
    }

    @Test
    void updateRandomMovesDistinctAlerts() {
        store.generate(500, START, START.plusSeconds(3600));
        Instant at = START.plusSeconds(86_400);
        List<String> moved = store.updateRandom(200, at);
        assertEquals(200, new HashSet<>(moved).size());
        AlertPage page = store.query(new AlertFilter(GraphTime.ticks(at), Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
                java.util.Map.of(), false), 0, 1000, true, Set.of(), EVERYTHING_VISIBLE);
        assertEquals(200, page.total());
        assertEquals(500, store.updateRandom(10_000, at.plusSeconds(1)).size());
    }

    @Test
    void storesHandMadeAlertsAndReplacesById() {
        store.generate(10, START, START.plusSeconds(60));
        ObjectNode mine = Json.mapper().createObjectNode()
                .put("id", "hand-made-1").put("serviceSource", "Tom Williams").put("severity", "medium")
                .put("createdDateTime", "2026-10-01T00:00:05Z").put("lastUpdateDateTime", "2026-10-01T00:00:30.5Z");
        mine.putArray("evidence").addObject().put("@odata.type", "Jane Williams");
        store.put(mine);
        assertEquals(11, store.size());
        assertEquals(mine, store.get("hand-made-1"));
        store.put(mine.deepCopy().put("severity", "high"));
        assertEquals(11, store.size());
        assertEquals("high", store.get("hand-made-1").get("severity").asText());
        store.update("hand-made-1", START.plusSeconds(600), "inProgress");
        assertEquals("inProgress", store.get("hand-made-1").get("status").asText());

        String generated = store.ids().get(0);
        store.put(store.get(generated).put("title", "edited by hand"));
        assertEquals(11, store.size());
        assertEquals("edited by hand", store.get(generated).get("title").asText());
        assertThrows(IllegalArgumentException.class, () -> store.put(Json.mapper().createObjectNode().put("id", "x")));
    }

    @Test
    void recognisesOnlyItsOwnIds() {
        List<String> ids = store.generate(50, START, START.plusSeconds(60));
        assertTrue(ids.stream().allMatch(store::contains));
        String id = ids.get(3);
        assertFalse(store.contains(id.substring(0, 17) + (id.endsWith("0") ? "1" : "0")));
        assertFalse(store.contains("nope"));
        AlertStore other = new AlertStore("fabrikam", new AlertGenerator("fabrikam", 4), 4, Clock.systemUTC());
        other.generate(50, START, START.plusSeconds(60));
        assertTrue(ids.stream().noneMatch(other::contains));
    }

    @Test
    void liveFeedAddsCurrentAlertsUntilStopped() {
        store.startLiveFeed(Duration.ofMillis(100), 3);
        Eventually.await(Duration.ofSeconds(10), "live alerts", () -> store.size() >= 9);
        store.close();
        int size = store.size();
        Instant newest = Instant.parse(store.get(store.ids().get(size - 1)).get("lastUpdateDateTime").asText());
        assertTrue(Duration.between(newest, Instant.now()).abs().toSeconds() < 60);
    }

    @Test
    void hundredThousandAlertsGenerateAndPageQuicklyOverHttps() {
        try (GraphSimulator simulator = GraphSimulator.start(SimulatorOptions.defaults())) {
            SimTenant tenant = simulator.tenant("big");
            tenant.registerSecretApp("app", "secret");
            long started = System.nanoTime();
            tenant.alerts().generate(100_000, START, START.plus(Duration.ofDays(30)));
            Duration generation = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(generation.toSeconds() < 5, "generating 100 000 alerts took " + generation);

            SimHttp http = new SimHttp(simulator);
            String token = http.token("big", "app", "secret");
            started = System.nanoTime();
            HttpResponse<String> response = http.alerts(token, "$filter", "lastUpdateDateTime ge 2026-10-15T00:00:00Z and "
                    + "lastUpdateDateTime lt 2026-10-15T08:00:00Z", "$top", "500", "$count", "true");
            JsonNode first = AlertsEndpointTest.ok(response);
            long total = first.get("@odata.count").asLong();
            Set<String> ids = first.get("value").findValues("id").stream().map(JsonNode::asText)
                    .collect(Collectors.toSet());
            JsonNode second = AlertsEndpointTest.ok(http.get(first.get("@odata.nextLink").asText(), token));
            second.get("value").forEach(a -> ids.add(a.get("id").asText()));
            Duration paging = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1000, ids.size());
            assertTrue(paging.toSeconds() < 5, "two 500-alert pages took " + paging);
            Instant from = Instant.parse("2026-10-15T00:00:00Z");
            Instant to = Instant.parse("2026-10-15T08:00:00Z");
            assertEquals(tenant.alerts().ids().stream().map(id -> updated(tenant.alerts().get(id)))
                    .filter(at -> !at.isBefore(from) && at.isBefore(to)).count(), total, "the window's $count");
        }
    }

    private static Instant updated(JsonNode alert) {
        return Instant.parse(alert.get("lastUpdateDateTime").asText());
    }

    private static Set<String> distinct(List<JsonNode> alerts, String field) {
        return alerts.stream().map(a -> a.get(field).asText()).collect(Collectors.toSet());
    }
}
