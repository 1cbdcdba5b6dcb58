package io.defenderrelay.bench;

import java.util.Arrays;

/** The median of benchmark samples: robust to the odd slow round on a shared machine. */
final class Median {
    private Median() {
    }

    /** The middle value (the mean of the two middle ones for an even count). */
    static double of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The nearest-rank quantile (0.99: the value 99 % of samples are at or below) of sorted values; NaN when none. */
    static double quantile(double[] sorted, double quantile) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
