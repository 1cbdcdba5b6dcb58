package io.defenderrelay.graph;

/** Graph answered 2xx with something that is not a usable alerts page (truncated or malformed): worth a retry. */
public final class GraphResponseException extends RuntimeException {
    public GraphResponseException(String message) {
        super(message);
    }
}
