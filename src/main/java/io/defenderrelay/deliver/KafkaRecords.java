package io.defenderrelay.deliver;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

/**
 * A window's Kafka share as one list of messages: camel-kafka sends each as a record (key and headers from the
 * message the router prepared) and completes only when the broker acknowledged every one of them.
 */
public final class KafkaRecords {
    static final String OCSF_CLASS = "ocsfClass";

    private KafkaRecords() {
    }

    public static List<Message> of(Exchange exchange, List<RoutedEvent> events) {
        return events.stream().map(routed -> message(exchange, routed)).toList();
    }

    private static Message message(Exchange exchange, RoutedEvent routed) {
        Message message = new DefaultMessage(exchange);
        message.setHeaders(new HashMap<>(routed.headers()));
        message.setHeader(OCSF_CLASS, routed.event().path("class_uid").asText());
        message.setBody(new String(JsonBytes.of(routed.event()), StandardCharsets.UTF_8));
        return message;
    }
}
