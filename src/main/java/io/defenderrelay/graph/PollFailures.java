package io.defenderrelay.graph;

import io.defenderrelay.auth.TokenException;
import io.defenderrelay.config.ProxySettings;
import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.retry.RetryLaterException;
import io.defenderrelay.support.Trouble;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/** The end of a failed poll: says what happened and what to do; stops a tenant whose checkpoint cannot be trusted. */
public final class PollFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);
    private static final String SINK_ROUTE = "direct://to-";
    static final Trouble SINK_BUSY = new Trouble("`sink:siem` DOWN after `relay.health.sink-failure`, \"HEC answered"
            + " HTTP 503\" (or another refusal) in a WARN", "{detail}, still after relay.sink.siem.retries retries",
            "nothing is lost: the next poll sends the window's unacknowledged events again; check the SIEM");
    static final Trouble UNTRUSTED = new Trouble("\"TLS handshake failed\" in a WARN",
            "TLS handshake failed ({detail})", "the relay verifies every server's certificate against the JVM's CAs"
            + " plus relay.trust-store; if this server (or a TLS-inspecting proxy) uses another CA, add that CA's"
            + " certificate to relay.trust-store");
    static final Trouble KAFKA_UNACKNOWLEDGED = new Trouble("`sink:kafka` DOWN, \"no broker reachable\" at startup,"
            + " \"did not acknowledge\" in a WARN", "Kafka at {brokers} did not acknowledge the window's records"
            + " ({detail})", "check that the brokers are up and reachable (relay.sink.kafka.brokers) and that the topic"
            + " exists or may be created; the window is sent again at the next poll");
    /** The catalogue's entries for failures past Graph: TLS trust and the sinks. */
    public static final List<Trouble> TROUBLES = List.of(UNTRUSTED, KAFKA_UNACKNOWLEDGED, SINK_BUSY);

    private final Tenants tenants;
    private final ProxySettings proxy;
    private final String kafkaBrokers;
    private final RelayMetrics metrics;
    private final RelayHealth health;

    public PollFailures(Tenants tenants, ProxySettings proxy, String kafkaBrokers, RelayMetrics metrics,
                        RelayHealth health) {
        this.tenants = tenants;
        this.proxy = proxy;
        this.kafkaBrokers = kafkaBrokers;
        this.metrics = metrics;
        this.health = health;
    }

    public void report(Exchange exchange) {
        String tenant = exchange.getIn().getHeader("tenant", String.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable failure = cause(caught);
        if (failure instanceof TenantElsewhereException) {
            LOG.info(failure.getMessage());
            return;
        }
        metrics.pollFailed(tenant);
        if (readAgainAtNextPoll(failure)) {
            LOG.warn(failure.getMessage());
            return;
        }
        String diagnosis = diagnosis(tenant, failure);
        if (isBug(failure)) {
            LOG.error("tenant {}: poll stopped, checkpoint kept: {} (a relay bug, please report it with this trace)",
                    tenant, diagnosis, failure);
        } else {
            LOG.warn("tenant {}: poll stopped, checkpoint kept: {}", tenant, diagnosis);
        }
        health.pollFailed(tenant, diagnosis, failure instanceof TokenException token && token.isPermanent());
        failedSink(caught).ifPresent(sink -> health.sinkFailed(sink, diagnosis));
        if (failure instanceof CheckpointCorruptException) {
            health.stopped(tenant, diagnosis);
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

    /** The sink whose route failed: routes/deliver.camel.yaml's recipient list calls direct:to-&lt;sink&gt;. */
    private static Optional<String> failedSink(Throwable failure) {
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof CamelExchangeException wrapper && wrapper.getExchange() != null) {
                String recipient = wrapper.getExchange().getProperty(ExchangePropertyKey.RECIPIENT_LIST_ENDPOINT, String.class);
                if (recipient != null && recipient.startsWith(SINK_ROUTE)) {
                    return Optional.of(recipient.substring(SINK_ROUTE.length()));
                }
            }
        }
        return Optional.empty();
    }

    /** What a poll of {@code tenant} that ended with {@code failure} tells the operator. */
    public String diagnosis(String tenant, Throwable failure) {
        return diagnose(cause(failure), tenant, tenants.get(tenant).settings().clientId());
    }

    /** A failure the next poll deals with by itself: a window whose parts fell short of Graph's count is read again. */
    static boolean readAgainAtNextPoll(Throwable failure) {
        return cause(failure) instanceof WindowShortfallException;
    }

    private String diagnose(Throwable failure, String tenant, String clientId) {
        Optional<String> refusedByProxy = proxy.refusal(failure);
        if (refusedByProxy.isPresent()) {
            return refusedByProxy.get();
        }
        if (failure instanceof RetryLaterException) {
            return SINK_BUSY.said(Map.of("detail", failure.getMessage()));
        }
        if (failure instanceof SSLException) {
            return UNTRUSTED.said(Map.of("detail", failure.getMessage()));
        }
        if (failure.getClass().getName().startsWith("org.apache.kafka.")) {
            return KAFKA_UNACKNOWLEDGED.said(Map.of("brokers", kafkaBrokers, "detail", causes(failure)));
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
