package io.defenderrelay.cluster;

import org.apache.kafka.common.KafkaException;

/** A tenant's transaction failed (Kafka unreachable, a record refused): its window is read and sent again. */
public final class TransactionAbortedException extends RuntimeException {
    TransactionAbortedException(String tenant, KafkaException cause) {
        super("tenant " + tenant + ": its Kafka transaction failed (" + cause.getClass().getSimpleName() + ": "
                + cause.getMessage() + "); the window's records and checkpoint were not committed, the next poll sends"
                + " them again", cause);
    }
}
