package io.defenderrelay.deliver;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A window's unacknowledged Kafka share as messages: camel-kafka sends each as a record (key and headers from the message the router
 * prepared) and completes only when the broker acknowledged every one of them.
 */
public final class KafkaRecords {
    public static final String SINK = "kafka";
    static final String OCSF_CLASS = "ocsfClass";

    private KafkaRecords() {
    }

    /**
     * The records, read by camel-kafka one by one. Iteration ends at the first failed send: with the broker
     * unreachable each send would otherwise wait the full max-block time, one record after another.
     */
    public static Iterable<Message> of(Exchange exchange) {
        List<RoutedEvent> events = WindowBatch.of(exchange).unacknowledged(SINK);
        return () -> new Iterator<>() {
            private final Iterator<RoutedEvent> next = events.iterator();

            @Override
            public boolean hasNext() {
                return exchange.getException() == null && next.hasNext();
            }

            @Override
            public Message next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return message(exchange, next.next());
            }
        };
    }

    private static Message message(Exchange exchange, RoutedEvent routed) {
        Message message = new DefaultMessage(exchange);
        message.setHeaders(new HashMap<>(routed.headers()));
        message.setHeader(OCSF_CLASS, routed.event().path("class_uid").asText());
        message.setBody(new String(JsonBytes.of(routed.event()), StandardCharsets.UTF_8));
        return message;
    }
}
