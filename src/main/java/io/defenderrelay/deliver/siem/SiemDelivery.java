package io.defenderrelay.deliver.siem;

import io.defenderrelay.deliver.DeadLetterFile;
import io.defenderrelay.deliver.RoutedEvent;
import io.defenderrelay.deliver.SinkAcknowledgements;
import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.retry.RetryLaterException;
import io.defenderrelay.retry.RetryAfterHeader;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The SIEM share of a window as a queue of request bodies ({@value #PENDING}), worked off by routes/deliver.camel.yaml
 * one HTTP request at a time. Each answer narrows the queue: accepted bodies leave it; a body answered 413/400 is
 * split, down to the single event, which goes to the dead letter; an event HEC names as invalid goes to the dead
 * letter and the rest are sent again; {@code _bulk} items answering 429/5xx stay queued and are retried.
 * "Try again later" answers throw {@link RetryLaterException} for Camel's redelivery; answers no retry can fix throw
 * {@link SinkRefusedException}.
 */
public final class SiemDelivery {
    public static final String SINK = "siem";
    static final String PENDING = "siemPending";
    /** The window's tenant: siem-request keeps no headers but the redelivery counters. */
    static final String TENANT = "siemTenant";
    private static final Logger LOG = LoggerFactory.getLogger(SiemDelivery.class);

    private final SiemTarget target;
    private final DeadLetterFile deadLetters;
    private final SinkAcknowledgements acknowledgements;
    private final Clock clock;
    private final RelayMetrics metrics;

    public SiemDelivery(SiemTarget target, DeadLetterFile deadLetters, SinkAcknowledgements acknowledgements, Clock clock,
                        RelayMetrics metrics) {
        this.target = target;
        this.deadLetters = deadLetters;
        this.acknowledgements = acknowledgements;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Queues the SIEM's share of the window (the body), which it has not acknowledged yet. */
    public void begin(List<RoutedEvent> share, Exchange exchange) {
        exchange.setProperty(TENANT, exchange.getMessage().getHeader("tenant", String.class));
        exchange.setProperty(PENDING, new ArrayDeque<>(target.batches(share)));
    }

    public boolean hasPending(Exchange exchange) {
        return !pending(exchange).isEmpty();
    }

    /**
     * Turns the message into the request for the head of the queue; nothing from earlier steps goes along but the
     * CamelRedelivery* headers, in which siem-retries counts the attempts (without them it would retry forever).
     */
    public void prepare(Exchange exchange) {
        Batch batch = pending(exchange).peekFirst();
        Message message = exchange.getMessage();
        message.removeHeaders("*", "CamelRedeliver*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, target.body().contentType());
        batch.contentEncoding().ifPresent(encoding -> message.setHeader(Exchange.CONTENT_ENCODING, encoding));
        // the body is compressed already; camel-http would compress it again on seeing the header
        exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, true);
        target.authValue().ifPresent(value -> message.setHeader(target.authHeader(), value));
        message.setBody(batch.body());
    }

    /** A 2xx answer (camel-http throws for anything else, see {@link #failed}). */
    public void accepted(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        message.removeHeader(target.authHeader());
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = message.getBody(String.class); // a stream: read once
        handle(exchange, target.format().reply(status, body, Optional.empty()), body);
    }

    public void failed(Exchange exchange, HttpOperationFailedException failure) throws IOException {
        exchange.getMessage().removeHeader(target.authHeader());
        handle(exchange, target.format().reply(failure.getStatusCode(), failure.getResponseBody(),
                RetryAfterHeader.fromHeaders(failure.getResponseHeaders(), clock)), failure.getResponseBody());
    }

    private void handle(Exchange exchange, SinkReply reply, String body) throws IOException {
        Deque<Batch> pending = pending(exchange);
        String tenant = exchange.getProperty(TENANT, String.class);
        Batch batch = pending.pollFirst();
        if (reply instanceof SinkReply.Accepted) {
            if (target.format() == SiemFormat.BULK) {
                bulkItems(tenant, pending, batch, body);
            } else {
                acknowledge(tenant, batch.events());
            }
        } else if (reply instanceof SinkReply.Retry retry) {
            pending.addFirst(batch);
            throw new RetryLaterException(retry.reason(), retry.after());
        } else if (reply instanceof SinkReply.Split split) {
            if (batch.size() == 1) {
                deadLetter(tenant, batch.events().get(0), split.reason());
            } else {
                pushFront(pending, target.batches(batch.events(), (batch.size() + 1) / 2));
            }
        } else if (reply instanceof SinkReply.EventRejected rejected) {
            int index = rejected.index() >= 0 && rejected.index() < batch.size() ? rejected.index() : 0;
            deadLetter(tenant, batch.events().get(index), "HEC code " + rejected.code() + " \"" + rejected.text()
                    + "\" for event " + index + " of the request");
            // events before it may be indexed already; sending them again risks a duplicate, never a loss
            List<JsonNode> rest = new ArrayList<>(batch.events());
            rest.remove(index);
            pushFront(pending, target.rebatch(rest));
        } else {
            pending.addFirst(batch);
            throw new SinkRefusedException(((SinkReply.Fatal) reply).message());
        }
    }

    private void bulkItems(String tenant, Deque<Batch> pending, Batch batch, String body) throws IOException {
        BulkResponse response = BulkResponse.parse(body, batch.events());
        List<JsonNode> done = response.items().stream()
                .filter(item -> item.outcome() == BulkResponse.Outcome.CREATED
                        || item.outcome() == BulkResponse.Outcome.ALREADY_DELIVERED)
                .map(BulkResponse.Item::event).toList();
        acknowledge(tenant, done);
        for (BulkResponse.Item item : response.rejected()) {
            deadLetter(tenant, item.event(), "_bulk item status " + item.status() + " " + item.reason());
        }
        List<JsonNode> retry = response.toRetry();
        if (!retry.isEmpty()) {
            pushFront(pending, target.rebatch(retry));
            throw new RetryLaterException("_bulk: " + retry.size() + " of " + batch.size()
                    + " documents answered 429/5xx and will be sent again", Optional.empty());
        }
    }

    private void acknowledge(String tenant, List<JsonNode> events) {
        acknowledgements.acknowledge(tenant, SINK, events.stream().map(RoutedEvent::uid).toList());
    }

    private void deadLetter(String tenant, JsonNode event, String reason) throws IOException {
        metrics.deadLettered(tenant, SINK);
        LOG.warn("SIEM refused event {} for good, written to the dead-letter file: {}", RoutedEvent.uid(event), reason);
        deadLetters.record(SINK, reason, event);
    }

    private static void pushFront(Deque<Batch> pending, List<Batch> batches) {
        for (int i = batches.size() - 1; i >= 0; i--) {
            pending.addFirst(batches.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static Deque<Batch> pending(Exchange exchange) {
        return exchange.getProperty(PENDING, Deque.class);
    }
}
