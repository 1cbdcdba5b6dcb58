package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.DeliveredAlerts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static io.defenderrelay.RelayHarness.newSecretTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An alert moved to another incident (Graph's moveAlerts, or incidents merged) is a new version of the same alert:
 * both versions are delivered, each with its own metadata.uid and the incident it belonged to then.
 */
class IncidentMoveTest {

    @TempDir
    Path dir;

    @Test
    void anAlertMovedToAnotherIncidentIsDeliveredAgainWithTheNewIncident() {
        SimTenant tenant = newSecretTenant(20, Duration.ofMinutes(30));
        String id = tenant.alerts().ids().get(7);
        String before = tenant.alerts().get(id).path("incidentId").asText();
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        // the move is stamped "now", which a poll running at that moment may have passed: the look-back reads it again
        settings.put("relay.lookback", "PT5M");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            tenant.alerts().moveToIncident(id, "990001", Instant.now());
            String newVersion = id + "@" + tenant.alerts().get(id).path("lastUpdateDateTime").asText();
            DeliveredAlerts out = new DeliveredAlerts(dir.resolve("out"));
            await("the moved version delivered", Duration.ofSeconds(30), () -> out.versions().contains(newVersion));

            List<JsonNode> versions = events(dir.resolve("out")).stream()
                    .filter(event -> event.path("finding_info").path("uid").asText().equals(id)).toList();
            assertEquals(2, versions.size(), "each version once");
            assertEquals(before, versions.get(0).path("unmapped").path("incidentId").asText());
            assertEquals("990001", versions.get(1).path("unmapped").path("incidentId").asText());
            assertTrue(versions.get(1).path("src_url").asText().contains("/incidents/990001"));
            assertNotEquals(versions.get(0).path("metadata").path("uid"), versions.get(1).path("metadata").path("uid"));
            assertEquals(newVersion, versions.get(1).path("metadata").path("uid").asText());
        }
    }

    private static List<JsonNode> events(Path out) {
        try (Stream<Path> files = Files.list(out)) {
            List<JsonNode> events = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("alerts-")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    events.add(Json.mapper().readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
