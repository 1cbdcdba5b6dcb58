package io.defenderrelay.graph;

import io.defenderrelay.retry.RetryLaterException;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/** The end of a failed poll: says what happened and what to do; stops a tenant whose checkpoint cannot be trusted. */
public final class PollFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);

    private final Tenants tenants;

    public PollFailures(Tenants tenants) {
        this.tenants = tenants;
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

    private static String diagnose(Throwable failure, String tenant, String clientId) {
        if (failure instanceof RetryLaterException) {
            return failure.getMessage() + ", still after relay.sink.siem.retries retries; the next poll sends the"
                    + " window's unacknowledged events again";
        }
        if (failure instanceof SSLException) {
            return "TLS handshake failed (" + failure.getMessage() + "): the relay verifies every server's certificate"
                    + " against the JVM's CAs plus relay.trust-store; if this server (or a TLS-inspecting proxy) uses"
                    + " another CA, add that CA's certificate to relay.trust-store";
        }
        if (failure.getClass().getName().startsWith("org.apache.kafka.")) {
            return "Kafka did not acknowledge the window's records (" + causes(failure) + "); check that the broker"
                    + " is up and reachable at relay.sink.kafka.brokers and that the topic exists or may be created;"
                    + " the window is sent again at the next poll";
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
