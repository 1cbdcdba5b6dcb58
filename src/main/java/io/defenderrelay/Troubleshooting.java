package io.defenderrelay;

import io.defenderrelay.auth.EntraRefusal;
import io.defenderrelay.cluster.ClusterMode;
import io.defenderrelay.config.ProxySettings;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.graph.GraphFailureDiagnosis;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.observe.RelayHealth;
import io.defenderrelay.support.Trouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The troubleshooting catalogue: every {@link Trouble} the diagnoses word their messages with, gathered from the
 * packages that diagnose, and the README's table (symptom → cause → fix) rendered from it.
 */
final class Troubleshooting {

    private Troubleshooting() {
    }

    /** Credentials, Graph, TLS and proxy, the sinks, then what readiness reports. */
    static List<Trouble> catalogue() {
        List<Trouble> all = new ArrayList<>();
        Arrays.stream(EntraRefusal.values()).map(EntraRefusal::trouble).forEach(all::add);
        all.addAll(GraphFailureDiagnosis.TROUBLES);
        all.addAll(PollFailures.TROUBLES);
        all.addAll(ProxySettings.TROUBLES);
        all.addAll(List.of(FileCheckpointStore.CORRUPT, RelayHealth.LAGGING, RelayHealth.EXPIRES, RelayHealth.SILENT));
        all.addAll(ClusterMode.TROUBLES);
        return all;
    }

    /** The markdown table, one row per entry; placeholders show as {@code <name>}. */
    static String table() {
        return "| symptom | cause | fix |\n|---|---|---|\n"
                + catalogue().stream().map(Trouble::row).collect(Collectors.joining("\n")) + "\n";
    }
}
