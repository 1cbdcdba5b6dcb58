package io.defenderrelay.graph;

import io.defenderrelay.config.ProxySettings;
import io.defenderrelay.retry.RetryLaterException;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The end of a failed poll: says what happened and what to do; stops a tenant whose checkpoint cannot be trusted. */
public final class PollFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);

    private final Tenants tenants;
    private final ProxySettings proxy;
    private final String kafkaBrokers;

    public PollFailures(Tenants tenants, ProxySettings proxy, String kafkaBrokers) {
        this.tenants = tenants;
        this.proxy = proxy;
        this.kafkaBrokers = kafkaBrokers;
    }

    public void report(Exchange exchange) {
        String tenant = exchange.getIn().getHeader("tenant", String.class);
        Throwable failure = cause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (failure instanceof WindowShortfallException) {
            LOG.warn(failure.getMessage());
            return;
        }
        String clientId = tenants.get(tenant).settings().clientId();
        String diagnosis = diagnose(failure, tenant, clientId);
        if (isBug(failure)) {
            LOG.error("tenant {}: poll stopped, checkpoint kept: {} (a relay bug, please report it with this trace)",
                    tenant, diagnosis, failure);
        } else {
            LOG.error("tenant {}: poll stopped, checkpoint kept: {}", tenant, diagnosis);
        }
        if (failure instanceof CheckpointCorruptException) {
            String routeId = exchange.getFromRouteId();
            // stopping a route waits for its in-flight exchange, which is this one: do it off this thread
            CompletableFuture.runAsync(() -> {
                try {
                    exchange.getContext().getRouteController().stopRoute(routeId);
                    LOG.error("tenant {}: stopped until its checkpoint is repaired and the relay restarted", tenant);
                } catch (Exception e) {
                    LOG.error("tenant {}: could not stop route {}: {}", tenant, routeId, e.toString());
                }
            });
        }
    }

    private String diagnose(Throwable failure, String tenant, String clientId) {
        Optional<String> refusedByProxy = proxy.refusal(failure);
        if (refusedByProxy.isPresent()) {
            return refusedByProxy.get();
        }
        if (failure instanceof RetryLaterException) {
            return failure.getMessage() + ", still after relay.sink.siem.retries retries; the next poll sends the"
                    + " window's unacknowledged events again";
        }
        if (failure.getClass().getName().startsWith("org.apache.kafka.")) {
            return "Kafka at " + kafkaBrokers + " did not acknowledge the window's records (" + causes(failure)
                    + "); check that the brokers are up and reachable (relay.sink.kafka.brokers) and that the topic"
                    + " exists or may be created; the window is sent again at the next poll";
        }
        return GraphFailureDiagnosis.diagnose(failure, tenant, clientId);
    }

    /** "message: cause's message: ..." so a wrapped configuration error is not hidden behind its wrapper. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static boolean isBug(Throwable failure) {
        return failure instanceof NullPointerException || failure instanceof ClassCastException
                || failure instanceof IndexOutOfBoundsException || failure instanceof UnsupportedOperationException;
    }

    /** The relay's own failure, not the split / recipient list wrappers Camel puts around it. */
    private static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
