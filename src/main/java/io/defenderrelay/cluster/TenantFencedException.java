package io.defenderrelay.cluster;

import io.defenderrelay.graph.TenantElsewhereException;

/** Another instance owns the tenant now: this one must write nothing more for it. */
public final class TenantFencedException extends TenantElsewhereException {
    public TenantFencedException(String tenant, String reason) {
        super("tenant " + tenant + ": " + reason + "; this instance writes nothing more for it (cluster mode:"
                + " another relay instance of the group polls it now)");
    }
}
