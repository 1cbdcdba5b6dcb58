package io.defenderrelay.simulator;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** One simulated Entra tenant: its registered applications, its alerts, its planned faults and what it was asked. */
public final class SimTenant {
    private final String tenantId;
    private final Map<String, RegisteredApp> apps = new ConcurrentHashMap<>();
    private final AtomicLong tokenGeneration = new AtomicLong();
    private final AlertStore alerts;
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog requests = new RequestLog();
    private volatile boolean tokenEndpointDown;

    SimTenant(String tenantId, long seed, Clock clock) {
        this.tenantId = tenantId;
        this.alerts = new AlertStore(tenantId, new AlertGenerator(tenantId, seed), seed, clock);
    }

    public String tenantId() {
        return tenantId;
    }

    /** Registers an application (or adds a credential to it) that authenticates with this client secret. */
    public void registerSecretApp(String clientId, String secret) {
        change(clientId, app -> app.withSecret(secret));
    }

    /** Registers an application (or adds a credential to it) that authenticates with a JWT signed by this certificate. */
    public void registerCertificateApp(String clientId, X509Certificate certificate) {
        change(clientId, app -> app.withCertificate(certificate));
    }

    /** The app still gets tokens, but without roles, and Graph answers 403 Authorization_RequestDenied (consent missing). */
    public void denyAlertPermission(String clientId) {
        grantRoles(clientId);
    }

    /**
     * The application roles admin consent granted the app (instead of SecurityAlert.Read.All): tokens issued from now
     * on carry them in their {@code roles} claim, and alerts_v2 answers 403 to a token without SecurityAlert.Read.All.
     */
    public void grantRoles(String clientId, String... roles) {
        change(clientId, app -> app.withRoles(Set.of(roles)));
    }

    /** Every token issued so far becomes invalid: Graph answers 401 until the client gets a new one. */
    public void revokeTokens() {
        tokenGeneration.incrementAndGet();
    }

    /** While down, this tenant's token endpoint answers every request 503, as during an Entra outage. */
    public void tokenEndpointDown(boolean down) {
        tokenEndpointDown = down;
    }

    boolean tokenEndpointDown() {
        return tokenEndpointDown;
    }

    public AlertStore alerts() {
        return alerts;
    }

    public FaultPlan faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    Optional<RegisteredApp> app(String clientId) {
        return Optional.ofNullable(apps.get(clientId));
    }

    long tokenGeneration() {
        return tokenGeneration.get();
    }

    private void change(String clientId, UnaryOperator<RegisteredApp> change) {
        apps.compute(clientId, (id, app) -> change.apply(app == null ? RegisteredApp.empty(id) : app));
    }
}
