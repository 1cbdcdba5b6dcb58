package io.defenderrelay.graph;

/** An @odata.nextLink that leaves the configured Graph host: following it would leak the bearer token. */
public final class UnsafeNextLinkException extends RuntimeException {
    public UnsafeNextLinkException(String message) {
        super(message);
    }
}
