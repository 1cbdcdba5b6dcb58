package io.defenderrelay.observe;

import io.defenderrelay.support.Trouble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's own view of whether it does its job, per tenant and per sink: what the readiness checks report and the
 * checkpoint lag gauge reads. The poll and delivery beans report what happened; nothing here changes the flow.
 */
public final class RelayHealth {
    /** How a tenant whose credential Entra refused shows on readiness. */
    public static final String CREDENTIAL_REFUSED = "credential refused";
    public static final Trouble LAGGING = new Trouble("`tenant:<name>` DOWN \"checkpoint ... lags ... behind now\"",
            "checkpoint {checkpoint} lags {lag} behind now (relay.health.max-lag {max-lag})", "a backfill is catching"
            + " up (wait), or polls keep failing (see the tenant's WARN lines and `relay_poll_failures_total`)");
    public static final Trouble EXPIRES = new Trouble("`tenant:<name>` DOWN \"... expires ...\"; a WARN at startup",
            "{credential} expires {date}", "renew it in Entra and in the relay's configuration, then restart the relay");
    public static final Trouble SILENT = new Trouble("`tenant:<name>` DOWN \"no alert delivered since ...\"",
            "no alert delivered since {since} (relay.health.silence {silence})", "check the tenant's alerts in the"
            + " Defender portal; if the tenant is merely quiet, raise relay.health.silence");

    private final HealthThresholds thresholds;
    private final Clock clock;
    private final Instant started;
    private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();
    private final Map<String, SinkState> sinks = new ConcurrentHashMap<>();

    public RelayHealth(HealthThresholds thresholds, Clock clock) {
        this.thresholds = thresholds;
        this.clock = clock;
        this.started = clock.instant();
    }

    private static final class TenantState {
        volatile int failedPolls;
        volatile String lastFailure;
        volatile boolean lastFailureLasting;
        volatile String stopped;
        volatile Instant checkpoint;
        volatile Instant lastDelivery;
        volatile Instant credentialExpiry;
        volatile String credential;
    }

    private static final class SinkState {
        volatile Instant failingSince;
        volatile String lastFailure;
    }

    private TenantState tenant(String name) {
        return tenants.computeIfAbsent(name, n -> new TenantState());
    }

    private SinkState sink(String name) {
        return sinks.computeIfAbsent(name, n -> new SinkState());
    }

    /** A credential that stops working at {@code expiry}: {@code what} says which (a certificate, a secret). */
    public void credentialExpires(String tenant, Instant expiry, String what) {
        TenantState state = tenant(tenant);
        state.credentialExpiry = expiry;
        state.credential = what;
    }

    public void pollSucceeded(String tenant) {
        TenantState state = tenant(tenant);
        state.failedPolls = 0;
        state.lastFailure = null;
        state.lastFailureLasting = false;
    }

    /** A failed poll; {@code lasting} failures (a refused credential) turn readiness DOWN at once. */
    public void pollFailed(String tenant, String diagnosis, boolean lasting) {
        TenantState state = tenant(tenant);
        state.failedPolls++;
        state.lastFailure = diagnosis;
        state.lastFailureLasting = lasting;
    }

    /** The tenant is not polled any more until the relay restarts. */
    public void stopped(String tenant, String reason) {
        tenant(tenant).stopped = reason;
    }

    public void checkpoint(String tenant, Instant windowEnd) {
        tenant(tenant).checkpoint = windowEnd;
    }

    public void delivered(String tenant) {
        tenant(tenant).lastDelivery = clock.instant();
    }

    public void sinkAcknowledged(String sink) {
        SinkState state = sink(sink);
        state.failingSince = null;
        state.lastFailure = null;
    }

    public void sinkFailed(String sink, String diagnosis) {
        SinkState state = sink(sink);
        if (state.failingSince == null) {
            state.failingSince = clock.instant();
        }
        state.lastFailure = diagnosis;
    }

    /** Seconds between now and the tenant's checkpoint; empty before it has one. */
    public Optional<Double> lagSeconds(String tenant) {
        Instant checkpoint = tenant(tenant).checkpoint;
        return checkpoint == null ? Optional.empty()
                : Optional.of(Duration.between(checkpoint, clock.instant()).toMillis() / 1000.0);
    }

    /** Why the tenant is not doing its job, one sentence each; empty when it is. */
    public List<String> tenantProblems(String tenant) {
        TenantState state = tenant(tenant);
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        if (state.stopped != null) {
            problems.add("stopped: " + state.stopped);
        }
        if (state.lastFailureLasting) {
            problems.add(CREDENTIAL_REFUSED + ": " + state.lastFailure);
        } else if (state.failedPolls >= thresholds.failedPolls()) {
            problems.add(state.failedPolls + " failed poll(s) in a row, last: " + state.lastFailure);
        }
        if (state.checkpoint != null && Duration.between(state.checkpoint, now).compareTo(thresholds.maxLag()) > 0) {
            problems.add(LAGGING.said(Map.of("checkpoint", state.checkpoint.toString(), "lag",
                    rounded(Duration.between(state.checkpoint, now)).toString(), "max-lag", thresholds.maxLag().toString())));
        }
        Instant quietSince = state.lastDelivery != null ? state.lastDelivery : started;
        if (!thresholds.silence().isZero() && Duration.between(quietSince, now).compareTo(thresholds.silence()) > 0) {
            problems.add(SILENT.said(Map.of("since", quietSince.toString(), "silence", thresholds.silence().toString())));
        }
        if (state.credentialExpiry != null && Duration.between(now, state.credentialExpiry).compareTo(thresholds.expiry()) <= 0) {
            problems.add(EXPIRES.said(Map.of("credential", state.credential, "date", state.credentialExpiry
                    + (state.credentialExpiry.isAfter(now) ? "" : " (already past)"))));
        }
        return problems;
    }

    /** Why the sink is not taking events; empty when it is, or has failed for less than the threshold. */
    public List<String> sinkProblems(String sink) {
        SinkState state = sink(sink);
        Instant since = state.failingSince;
        if (since == null || Duration.between(since, clock.instant()).compareTo(thresholds.sinkFailure()) <= 0) {
            return List.of();
        }
        return List.of("failing since " + since + " (relay.health.sink-failure " + thresholds.sinkFailure()
                + "), last: " + state.lastFailure);
    }

    private static Duration rounded(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }
}
