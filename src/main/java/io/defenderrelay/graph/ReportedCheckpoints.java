package io.defenderrelay.graph;

import io.defenderrelay.observe.RelayHealth;

import java.util.Optional;

/** A checkpoint store that tells {@link RelayHealth} where each tenant stands, for its lag gauge and readiness. */
final class ReportedCheckpoints implements CheckpointStore {
    private final CheckpointStore store;
    private final RelayHealth health;

    ReportedCheckpoints(CheckpointStore store, RelayHealth health) {
        this.store = store;
        this.health = health;
    }

    @Override
    public Optional<Checkpoint> load(String tenant) {
        Optional<Checkpoint> checkpoint = store.load(tenant);
        checkpoint.ifPresent(c -> health.checkpoint(tenant, c.windowEnd()));
        return checkpoint;
    }

    @Override
    public void save(Checkpoint checkpoint) {
        store.save(checkpoint);
        health.checkpoint(checkpoint.tenant(), checkpoint.windowEnd());
    }

    @Override
    public boolean owesSave(String tenant) {
        return store.owesSave(tenant);
    }

    @Override
    public void pollStarting(String tenant) {
        store.pollStarting(tenant);
    }
}
