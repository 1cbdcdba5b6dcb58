package io.defenderrelay.graph;

/** Graph answered 206: a provider failed, so the window is incomplete and must be read again. */
public final class PartialResultsException extends RuntimeException {
    public PartialResultsException(String tenant, WindowRead read) {
        super("tenant " + tenant + ": Graph returned partial results (HTTP 206, Warning: " + read.partialWarning()
                + ") for " + read.window() + "; delivered what came, the checkpoint stays before this window and the "
                + "next poll reads it again");
    }
}
