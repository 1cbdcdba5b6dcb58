package io.defenderrelay.bench;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exactly the expected ids, each once: a broken run must fail, not produce a figure. */
final class ExactlyOnce {
    private ExactlyOnce() {
    }

    static void assertHeld(Set<String> expected, Collection<String> held, String what) {
        Map<String, Long> counts = held.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new HashSet<>(counts.keySet());
        unexpected.removeAll(expected);
        long repeated = counts.values().stream().filter(n -> n > 1).count();
        assertTrue(missing.isEmpty() && unexpected.isEmpty() && repeated == 0,
                what + ": " + held.size() + " held for " + expected.size() + " alerts; " + missing.size()
                        + " missing (e.g. " + missing.stream().limit(3).toList() + "), " + unexpected.size()
                        + " unexpected (e.g. " + unexpected.stream().limit(3).toList() + "), " + repeated
                        + " more than once");
    }
}
