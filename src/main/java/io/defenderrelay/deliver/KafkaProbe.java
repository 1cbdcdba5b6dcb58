package io.defenderrelay.deliver;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the Kafka sink's brokers for the cluster's nodes once at startup, so an unreachable Kafka is said within seconds
 * instead of when the first window's delivery timeout ends. It never stops the relay: Kafka may come later.
 */
public final class KafkaProbe {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

    private final Properties client;
    private final String brokers;
    private final Duration timeout;
    private final Duration deliveryTimeout;

    /**
     * @param client          the sink's admin client settings (brokers, security, the timeout)
     * @param deliveryTimeout how long a window waits for the brokers before it fails
     */
    KafkaProbe(Properties client, String brokers, Duration timeout, Duration deliveryTimeout) {
        this.client = client;
        this.brokers = brokers;
        this.timeout = timeout;
        this.deliveryTimeout = deliveryTimeout;
    }

    /** A probe with the settings of the sink's endpoint ({@code uri}: relay.sink.kafka.uri). */
    public static KafkaProbe of(CamelContext context, String uri, Duration timeout, Duration deliveryTimeout) {
        KafkaClients sink = KafkaClients.of(context, uri);
        return new KafkaProbe(sink.admin(timeout), sink.brokers(), timeout, deliveryTimeout);
    }

    /** Probes on a thread of its own and logs the outcome. */
    public void startInBackground() {
        Thread thread = new Thread(this::probeAndLog, "kafka-probe");
        thread.setDaemon(true);
        thread.start();
    }

    void probeAndLog() {
        try {
            int nodes = nodes();
            LOG.info("Kafka sink: {} broker(s) answer at {}", nodes, brokers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn(unreachable(e));
        }
    }

    /** How many brokers the cluster has, as the bootstrap brokers say within the timeout. */
    int nodes() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
        }
    }

    String unreachable(Exception failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return "Kafka sink: no broker reachable at " + brokers + " (" + cause.getClass().getSimpleName() + ": "
                + cause.getMessage() + ", after " + timeout.toSeconds() + " s); each window waits up to"
                + " relay.sink.kafka.delivery-timeout-ms (" + deliveryTimeout.toSeconds() + " s) for a broker, then"
                + " the next poll sends it again. Check relay.sink.kafka.brokers and that the brokers are up";
    }
}
