package io.defenderrelay.graph;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows a backfill of {@code [from, to)}: a tenant is done once its checkpoint reaches {@code to} with no window left
 * that Graph answered only partially; the backfill ends ({@code ended} runs) when every tenant is done, or at the
 * first poll that failed. As a route policy it watches the poll routes ({@code poll-<tenant>}) and counts the alerts
 * of each planned window as it is recorded ({@code complete-window}).
 */
public final class BackfillWatch implements RoutePolicyFactory {

    /** Where the backfill stands: planned windows done of all, alerts read in this run, failed tenants' diagnoses. */
    public record Progress(long windowsDone, long windowsTotal, long alerts, Map<String, String> failures) {
    }

    private final CheckpointStore checkpoints;
    private final Instant from;
    private final Instant to;
    private final Runnable ended;
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicBoolean end = new AtomicBoolean();
    private volatile Set<String> tenants = Set.of();
    private volatile Duration maxWindow = Duration.ofHours(1);
    private volatile PollFailures diagnoses;

    public BackfillWatch(CheckpointStore checkpoints, Instant from, Instant to, Runnable ended) {
        this.checkpoints = checkpoints;
        this.from = from;
        this.to = to;
        this.ended = ended;
    }

    /** The tenants to wait for, and how long a planned window is (relay.poll.max-window), once they are configured. */
    public void follow(Tenants configured, PollFailures diagnoses, Duration windowLength) {
        this.diagnoses = diagnoses;
        this.maxWindow = windowLength;
        this.tenants = Set.copyOf(configured.all().stream().map(tenant -> tenant.settings().name()).toList());
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        if (routeId.startsWith("poll-")) {
            return onDone(this::pollDone);
        }
        return routeId.equals("complete-window") ? onDone(this::windowDone) : null;
    }

    private static RoutePolicy onDone(Consumer<Exchange> action) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                action.accept(exchange);
            }
        };
    }

    private void pollDone(Exchange exchange) {
        String tenant = exchange.getIn().getHeader("tenant", String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null && !PollFailures.readAgainAtNextPoll(failure)) {
            failures.put(tenant, diagnoses.diagnosis(tenant, failure));
            finish();
        } else if (finished(tenant)) {
            done.add(tenant);
            if (done.containsAll(tenants)) {
                finish();
            }
        }
    }

    private void windowDone(Exchange exchange) {
        WindowRead read = exchange.getProperty("read", WindowRead.class);
        if (read != null && read.parent() == null && exchange.getException() == null) {
            alerts.addAndGet(read.total());
        }
    }

    private void finish() {
        if (end.compareAndSet(false, true)) {
            ended.run();
        }
    }

    private boolean finished(String tenant) {
        return checkpoints.load(tenant).filter(c -> !c.windowEnd().isBefore(to) && c.incomplete().isEmpty()).isPresent();
    }

    /** True once every tenant reached the end of the range. */
    public boolean complete() {
        return !tenants.isEmpty() && done.containsAll(tenants) && failures.isEmpty();
    }

    public Progress progress() {
        long window = maxWindow.toMillis();
        long perTenant = (Duration.between(from, to).toMillis() + window - 1) / window;
        long windowsDone = 0;
        for (String tenant : tenants) {
            // whole windows behind the checkpoint; all once the tenant is done (the last one may be shorter)
            windowsDone += finished(tenant) ? perTenant : checkpoints.load(tenant)
                    .map(c -> Math.min(perTenant, Math.max(0, Duration.between(from, c.windowEnd()).toMillis() / window)))
                    .orElse(0L);
        }
        return new Progress(windowsDone, perTenant * tenants.size(), alerts.get(), new TreeMap<>(failures));
    }
}
