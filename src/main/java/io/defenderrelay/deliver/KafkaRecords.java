package io.defenderrelay.deliver;

import io.defenderrelay.normalize.AlertNormalizer;
import io.defenderrelay.support.CrashPoint;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The Kafka share of a window as messages: camel-kafka sends each as a record and completes only when the broker
 * acknowledged every one of them. Key = the alert id; headers = the event's routing facts named in
 * relay.sink.kafka.headers, plus {@value #OCSF_CLASS} = the event's class_uid; value = the event as UTF-8 JSON bytes
 * (the endpoint's ByteArraySerializer sends them as they are).
 */
public final class KafkaRecords {
    static final String OCSF_CLASS = "ocsfClass";
    /** The message header camel-kafka takes the record key from (KafkaConstants.KEY). */
    public static final String KEY = "kafka.KEY";

    private final Set<String> headers;

    /** @param headers the message headers each record carries */
    public KafkaRecords(Set<String> headers) {
        this.headers = Set.copyOf(headers);
    }

    /**
     * The records of {@code share}, read by camel-kafka one by one. Iteration ends at the first failed send: with the
     * broker unreachable each send would otherwise wait the full max-block time, one record after another.
     */
    public Iterable<Message> of(List<RoutedEvent> share, Exchange exchange) {
        return () -> new Iterator<>() {
            private final Iterator<RoutedEvent> next = share.iterator();

            @Override
            public boolean hasNext() {
                return exchange.getException() == null && next.hasNext();
            }

            @Override
            public Message next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CrashPoint.reach("kafka");
                return message(exchange, next.next());
            }
        };
    }

    private Message message(Exchange exchange, RoutedEvent routed) {
        Message message = new DefaultMessage(exchange);
        routed.headers().forEach((name, value) -> {
            if (headers.contains(name)) {
                message.setHeader(name, value);
            }
        });
        message.setHeader(KEY, routed.headers().get(AlertNormalizer.ALERT_ID));
        message.setHeader(OCSF_CLASS, routed.classUid());
        message.setBody(routed.json());
        return message;
    }
}
