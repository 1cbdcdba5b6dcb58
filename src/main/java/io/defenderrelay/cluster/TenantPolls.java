package io.defenderrelay.cluster;

/** Starts and stops a tenant's polling on this instance (its poll route, its readiness check). */
public interface TenantPolls {

    void start(String tenant);

    /** Returns once the tenant's poll in progress, if any, has ended. */
    void stop(String tenant);
}
