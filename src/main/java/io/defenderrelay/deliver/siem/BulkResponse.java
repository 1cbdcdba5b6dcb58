package io.defenderrelay.deliver.siem;


import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-document outcome of a {@code _bulk} request that answered HTTP 200 (docs/sinks.md, _bulk): partial failures
 * arrive as {@code "errors":true} with an {@code items[]} entry per action, in request order. Check the HTTP status
 * first with {@link #ofStatus}.
 */
public record BulkResponse(List<Item> items) {
    public enum Outcome {
        /** Indexed now. */
        CREATED,
        /** 409 on {@code create}: a document with this {@code _id} exists, so an earlier attempt got through. */
        ALREADY_DELIVERED,
        /** 429 or 5xx for this document: send it again. */
        RETRY,
        /** Any other 4xx (mapping errors are 400): sending it again cannot help, dead-letter it. */
        REJECTED
    }

    public record Item(JsonNode event, Outcome outcome, int status, String reason) {
    }

    public BulkResponse {
        items = List.copyOf(items);
    }

    /**
     * What the HTTP status of a {@code _bulk} answer means before its items are read: {@link SinkReply.Accepted}
     * → {@link #parse} the items. Unlike a webhook, a whole-request 400 never names one bad document (those are
     * per-item errors), so it stops the window instead of splitting the batch down to dead letters.
     */
    public static SinkReply ofStatus(int status, String body, Optional<Duration> retryAfter) {
        if (status == 400) {
            return new SinkReply.Fatal("_bulk refused the whole request" + SinkReply.excerpt(body)
                    + "; check that relay.sink.siem.url points at the cluster root or an index, then report it as a relay bug");
        }
        return SinkReply.ofStatus("_bulk", status, body, retryAfter);
    }

    /** @param events the events of the request, in body order */
    public static BulkResponse parse(String body, List<? extends JsonNode> events) {
        JsonNode items = tree(body).path("items");
        if (!items.isArray() || items.size() != events.size()) {
            throw new IllegalStateException("_bulk answer has " + (items.isArray() ? items.size() : "no") + " items for "
                    + events.size() + " documents sent, so outcomes cannot be matched; the request will be retried"
                    + SinkReply.excerpt(body));
        }
        List<Item> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            parsed.add(item(items.get(i), events.get(i)));
        }
        return new BulkResponse(parsed);
    }

    public List<JsonNode> toRetry() {
        return items.stream().filter(item -> item.outcome() == Outcome.RETRY).map(Item::event).toList();
    }

    public List<Item> rejected() {
        return items.stream().filter(item -> item.outcome() == Outcome.REJECTED).toList();
    }

    public long count(Outcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }

    private static Item item(JsonNode entry, JsonNode event) {
        // the single field is named after the action: create, index, update or delete
        JsonNode result = entry.elements().hasNext() ? entry.elements().next() : entry;
        int status = result.path("status").asInt(-1);
        JsonNode error = result.path("error");
        String reason = error.isMissingNode() ? "" : error.path("type").asText("") + ": " + error.path("reason").asText("");
        return new Item(event, outcome(status), status, reason);
    }

    private static Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.CREATED;
        }
        if (status == 409) {
            return Outcome.ALREADY_DELIVERED;
        }
        if (status == 429 || status >= 500 || status < 0) {
            return Outcome.RETRY;
        }
        return Outcome.REJECTED;
    }

    private static JsonNode tree(String body) {
        try {
            return Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("_bulk answered HTTP 200 with a body that is not JSON; the request will be"
                    + " retried" + SinkReply.excerpt(body), e);
        }
    }
}
