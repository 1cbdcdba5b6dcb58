package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Alerts as a page carries them ({@link AlertsPage}), made from trees for tests of what reads them. */
final class PagedAlerts {
    private PagedAlerts() {
    }

    static List<PagedAlert> of(List<? extends JsonNode> alerts) {
        ObjectNode page = Json.mapper().createObjectNode();
        page.putArray("value").addAll(List.copyOf(alerts));
        try {
            return AlertsPage.parse(Json.mapper().writeValueAsBytes(page),
                    Window.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(1))).alerts();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
