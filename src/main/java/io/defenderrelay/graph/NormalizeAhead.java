package io.defenderrelay.graph;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Normalizes a poll's next window (route normalize-window, on a thread of its own) while the poll's thread delivers
 * the current one, so a sink that waits for acknowledgements (Kafka's acks, a SIEM's answer, the file sink's fsync)
 * no longer leaves the normalize threads idle. Windows are still delivered and recorded one after the other: only
 * the normalization moves ahead. The next window is normalized for the alerts it would deliver as things stand; when
 * its turn comes and its new alerts are not exactly those any more (the window before delivered one of them), it is
 * normalized again there, so what goes out is what would have gone out without this. One window ahead per poll, on
 * {@code relay.poll.threads} threads at most.
 */
public final class NormalizeAhead {

    private final ProducerTemplate template;
    private final ExecutorService normalizers;
    private final SeenAlerts seen;

    public NormalizeAhead(CamelContext context, SeenAlerts seen, int threads) {
        this.template = context.createProducerTemplate();
        this.normalizers = context.getExecutorServiceManager().newFixedThreadPool(this, "normalize-ahead", threads);
        this.seen = seen;
    }

    /** A window's new alerts as they stood when its normalization started, and the normalized window to come. */
    record Normalizing(List<PagedAlert> alerts, CompletableFuture<Exchange> normalized) {
    }

    /** Starts normalizing the read the poll takes next (Camel's split has already taken it), if it delivers alerts. */
    public void startNext(String tenant, ReadAhead.Reads reads) {
        if (reads.upcoming() instanceof WindowRead next && next.outcome() != WindowRead.Outcome.SPLIT
                && next.normalizing() == null) {
            List<PagedAlert> alerts = seen.notDelivered(tenant, next);
            next.normalizing(new Normalizing(alerts, CompletableFuture.supplyAsync(() -> template.send(
                    "direct:normalize-window", exchange -> {
                        exchange.getMessage().setHeader("tenant", tenant);
                        exchange.getMessage().setBody(alerts);
                    }), normalizers)));
        }
    }

    /**
     * Puts the read's normalized window (body and headers, as route normalize-window leaves them) on {@code window}
     * when it was normalized ahead for exactly {@code alerts}, waiting for it if need be; otherwise the body stays
     * {@code alerts}, to be normalized now. A failure of the normalization ahead is thrown as it happened.
     */
    public void take(Exchange window, WindowRead read, List<PagedAlert> alerts) throws Exception {
        Normalizing ahead = read.normalizing();
        read.normalizing(null);
        if (ahead == null || !ahead.alerts().equals(alerts)) {
            return;
        }
        Exchange normalized;
        try {
            normalized = ahead.normalized().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (normalized.getException() != null) {
            throw normalized.getException();
        }
        window.getMessage().setHeaders(normalized.getMessage().getHeaders());
        window.getMessage().setBody(normalized.getMessage().getBody());
    }
}
