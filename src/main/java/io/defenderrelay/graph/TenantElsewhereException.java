package io.defenderrelay.graph;

/**
 * The tenant is polled by another relay instance now (cluster mode): this poll ends without writing anything more, and
 * that is no failure of the tenant's.
 */
public class TenantElsewhereException extends RuntimeException {
    public TenantElsewhereException(String message) {
        super(message);
    }
}
