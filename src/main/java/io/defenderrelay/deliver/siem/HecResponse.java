package io.defenderrelay.deliver.siem;


import io.defenderrelay.retry.RetryAfterHeader;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.Optional;

/** Reads a Splunk HEC answer (codes in docs/sinks.md, Splunk HEC) into a {@link SinkReply}. */
public final class HecResponse {
    private HecResponse() {
    }

    public static SinkReply parse(int status, String body) {
        return parse(status, body, Optional.empty());
    }

    /** @param retryAfter the parsed {@code Retry-After} header of the answer, see {@link RetryAfterHeader} */
    public static SinkReply parse(int status, String body, Optional<Duration> retryAfter) {
        JsonNode answer = json(body);
        int code = answer.path("code").asInt(-1);
        String text = answer.path("text").asText("");
        JsonNode eventNumber = answer.get("invalid-event-number");
        if (status >= 400 && status < 500 && eventNumber != null && eventNumber.canConvertToInt()) {
            return new SinkReply.EventRejected(eventNumber.asInt(), code, text);
        }
        String said = "HEC answered HTTP " + status + " code " + code + " \"" + text + "\"";
        return switch (status) {
            case 401 -> new SinkReply.Fatal(said + ": no usable token was sent; set relay.sink.siem.token to the"
                    + " HEC token (sent as 'Authorization: Splunk <token>')");
            case 403 -> new SinkReply.Fatal(said + ": Splunk refused the token; check in Settings → Data inputs →"
                    + " HTTP Event Collector that it exists, is enabled and may write to the configured index");
            case 400 -> new SinkReply.Fatal(said + hint(code));
            default -> status == 503 && code == 9
                    ? new SinkReply.Retry(said + " (indexer queues full)", retryAfter)
                    : SinkReply.ofStatus("HEC", status, body, retryAfter);
        };
    }

    private static String hint(int code) {
        return switch (code) {
            case 10 -> ": the token has indexer acknowledgement on; turn useACK off for this token";
            case 16 -> ": send the token in the Authorization header, not the query string";
            default -> ": the request was malformed; this is a relay bug, please report it with this message";
        };
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance(); // e.g. an HTML page from a proxy: the status alone decides
        }
    }
}
