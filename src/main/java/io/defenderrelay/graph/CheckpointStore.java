package io.defenderrelay.graph;

import java.util.Optional;

/** Where tenants' checkpoints live: a local file today, a shared store when several relays share tenants. */
public interface CheckpointStore {

    /** The saved checkpoint, empty when the tenant never completed a window; throws when it cannot be trusted. */
    Optional<Checkpoint> load(String tenant);

    /** Saves durably and atomically: after a crash either the old or the new checkpoint is found, never a mix. */
    void save(Checkpoint checkpoint);

    /**
     * Whether the tenant has output that only its next save makes durable (cluster mode: the Kafka sink's records in the
     * tenant's open transaction), so a window must save even when its checkpoint does not move.
     */
    default boolean owesSave(String tenant) {
        return false;
    }

    /**
     * A poll of the tenant begins: output an earlier poll left unsaved (it failed mid-window) is dropped, so that
     * window is sent again whole rather than held open across polls.
     */
    default void pollStarting(String tenant) {
    }
}
