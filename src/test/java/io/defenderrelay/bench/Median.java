package io.defenderrelay.bench;

import java.util.Arrays;

/** The median of benchmark samples: robust to the odd slow round on a shared machine. */
final class Median {
    private Median() {
    }

    /** The middle value (the upper middle one for an even count). */
    static double of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
