package io.defenderrelay.graph;

import io.defenderrelay.support.Json;
import io.defenderrelay.testing.CapturedLog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LateAlertsTest {

    private final Instant checkpoint = Instant.parse("2026-11-23T12:00:00Z");

    private static JsonNode alert(Instant lastUpdate) {
        return Json.mapper().createObjectNode().put("lastUpdateDateTime", lastUpdate.toString());
    }

    @Test
    void countsAlertsBehindTheCheckpointAndSuggestsALookbackThatCatchesThem() {
        ReadProgress progress = new ReadProgress();
        LateAlerts late = new LateAlerts(Duration.ofSeconds(20), progress);
        late.planned("t", checkpoint);
        try (CapturedLog log = new CapturedLog(LateAlerts.class.getName())) {
            late.note("t", PagedAlerts.of(List.of(alert(checkpoint.plusSeconds(1)),
                    alert(checkpoint.minusSeconds(10)))));
            assertEquals(1, late.count("t"));
            assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("WARN")), "inside the look-back: no alarm");

            late.note("t", PagedAlerts.of(List.of(alert(checkpoint.minusSeconds(60)),
                    alert(checkpoint.minusSeconds(45)))));
            assertEquals(3, late.count("t"));
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("at least 60 s")
                    && l.contains("Set relay.lookback to at least PT1M31S")), log.lines().toString());
        }
    }

    @Test
    void alertsAPartialAnswerHeldBackAreNotLate() {
        ReadProgress progress = new ReadProgress();
        progress.partial("t", Window.of(checkpoint.minusSeconds(3600), checkpoint.minusSeconds(1800)));
        LateAlerts late = new LateAlerts(Duration.ofSeconds(20), progress);
        late.planned("t", checkpoint);
        late.note("t", PagedAlerts.of(List.of(alert(checkpoint.minusSeconds(2000)))));
        assertEquals(0, late.count("t"));
    }
}
