package io.defenderrelay.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What this run of the relay is: its home directory, against which relative output paths resolve, and for a backfill
 * the range it reads once, with checkpoints of its own. RelayMain binds it as {@code relayRun}.
 */
public record RelayRun(Path home, Backfill backfillOrNull) {

    /**
     * A bounded read of {@code [from, to)} for {@code tenants} (empty: every configured tenant), checkpointed in
     * {@code stateDir}.
     */
    public record Backfill(Instant from, Instant to, Path stateDir, Set<String> tenants) {
        public Backfill {
            tenants = Set.copyOf(tenants);
        }
    }

    /** The daemon: polls every tenant from its checkpoint on, without end. */
    public static RelayRun daemon(Path home) {
        return new RelayRun(home, null);
    }

    public Optional<Backfill> backfill() {
        return Optional.ofNullable(backfillOrNull);
    }

    /** A configured path: absolute as given, a relative one under the home directory. */
    public Path resolve(String path) {
        return home.resolve(path).toAbsolutePath().normalize();
    }

    /** Where the checkpoints of this run live: the backfill's own directory, or relay.state.dir ({@code configured}). */
    public Path stateDir(String configured) {
        return backfill().map(Backfill::stateDir).orElseGet(() -> resolve(configured));
    }
}
