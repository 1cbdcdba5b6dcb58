package io.defenderrelay.graph;

/** A checkpoint exists but cannot be read: restarting from scratch would re-send or skip alerts, so the tenant stops. */
public final class CheckpointCorruptException extends RuntimeException {
    public CheckpointCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
