package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Graph's error reply: {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}. */
final class GraphErrorReply {
    /** innerError.date as Graph's documented errors show it: UTC to the second, without a zone designator. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private GraphErrorReply() {
    }

    static Reply reply(int status, String code, String message, SimRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putObject("innerError")
                .put("date", DATE.format(request.receivedAt()))
                .put("request-id", request.requestId())
                .put("client-request-id", clientRequestId(request));
        return Reply.json(status, "application/json", body);
    }

    /** The client's own correlation id when it sent one, else the request id (Graph does the same). */
    static String clientRequestId(SimRequest request) {
        String sent = request.header("client-request-id");
        return sent != null ? sent : request.requestId();
    }
}
