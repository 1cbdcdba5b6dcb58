package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphSimulatorSmokeTest {
    private GraphSimulator simulator;
    private SimHttp http;

    @BeforeEach
    void start() {
        simulator = GraphSimulator.start(SimulatorOptions.defaults());
        http = new SimHttp(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void secretTokenThenPagesThroughEveryAlertOnce() {
        SimTenant tenant = simulator.tenant("contoso");
        tenant.registerSecretApp("app-1", "s3cret");
        tenant.alerts().generate(2500, Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T06:00:00Z"));
        String token = http.token("contoso", "app-1", "s3cret");

        Set<String> seen = new HashSet<>();
        HttpResponse<String> response = http.alerts(token, "$filter",
                "lastUpdateDateTime ge 2026-10-01T00:00:00Z and lastUpdateDateTime lt 2026-10-01T01:00:00Z",
                "$top", "100", "$count", "true");
        int pages = 0;
        long expected = -1;
        while (true) {
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = SimHttp.json(response);
            expected = page.get("@odata.count").asLong();
            page.get("value").forEach(alert -> assertTrue(seen.add(alert.get("id").asText())));
            pages++;
            if (!page.has("@odata.nextLink")) {
                break;
            }
            response = http.get(page.get("@odata.nextLink").asText(), token);
        }
        assertEquals(expected, seen.size());
        assertTrue(pages >= 2);
        assertFalse(seen.isEmpty());
    }
}
