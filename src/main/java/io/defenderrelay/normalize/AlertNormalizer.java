package io.defenderrelay.normalize;

import io.defenderrelay.graph.PagedAlert;
import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.support.CrashPoint;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;

/**
 * Camel bean {@code alertNormalizer}: the body (an alert as a page carried it, a Jackson tree, or JSON text/bytes)
 * becomes the OCSF event and the headers the router needs are set. A bad alert throws {@link InvalidAlertException},
 * which the route sends to the dead-letter path; the body is then still the alert as received.
 */
public final class AlertNormalizer {
    public static final String TENANT = "tenant";
    public static final String SEVERITY = "relaySeverity";
    public static final String SEVERITY_ID = "relaySeverityId";
    public static final String SERVICE_SOURCE = "serviceSource";
    public static final String CATEGORY = "relayCategory";
    public static final String ALERT_ID = "alertId";
    public static final String EVENT_UID = "eventUid";
    public static final String SUPPRESSED = "relaySuppressed";
    public static final String UNMAPPED_EVIDENCE = "relayUnmappedEvidence";

    private final FindingMapper normalizer;
    private final RelayMetrics metrics;

    public AlertNormalizer(FindingMapper normalizer, RelayMetrics metrics) {
        this.normalizer = normalizer;
        this.metrics = metrics;
    }

    public void normalize(Exchange exchange) {
        CrashPoint.reach("normalize");
        Message message = exchange.getMessage();
        String tenant = message.getHeader(TENANT, String.class);
        Finding normalized;
        try {
            normalized = normalizer.map(parse(message), tenant);
        } catch (InvalidAlertException e) {
            throw e;
        } catch (RuntimeException e) {
            // one odd alert must not stop the window: record it as a dead letter, the reason says it is a bug
            throw new InvalidAlertException("normalizer failed on this alert (a relay bug, please report it): " + e,
                    e);
        }
        message.setBody(normalized.event());
        message.setHeader(TENANT, tenant);
        message.setHeader(SEVERITY, normalized.severity().name());
        message.setHeader(SEVERITY_ID, normalized.severity().id());
        message.setHeader(SERVICE_SOURCE, normalized.serviceSource());
        message.setHeader(CATEGORY, normalized.category());
        message.setHeader(ALERT_ID, normalized.alertId());
        message.setHeader(EVENT_UID, normalized.eventUid());
        message.setHeader(SUPPRESSED, normalized.suppressed());
        message.setHeader(UNMAPPED_EVIDENCE, normalized.unmappedEvidence());
        normalized.event().path("unmapped").path("evidence").forEach(evidence ->
                metrics.unknownEvidence(tenant, evidence.path("@odata.type").asText("(no @odata.type)")));
    }

    private static JsonNode parse(Message message) {
        Object body = message.getBody();
        try {
            if (body instanceof JsonNode node) {
                return node;
            }
            if (body instanceof PagedAlert alert) {
                return Json.mapper().readTree(alert.json());
            }
            if (body instanceof byte[] bytes) {
                return Json.mapper().readTree(bytes);
            }
            String text = body instanceof String s ? s : message.getBody(String.class);
            if (text == null) {
                throw new InvalidAlertException("not a JSON object (empty body)");
            }
            return Json.mapper().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidAlertException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidAlertException("unreadable alert body: " + e.getMessage());
        }
    }
}
