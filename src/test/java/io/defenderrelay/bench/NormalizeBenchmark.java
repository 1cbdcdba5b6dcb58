package io.defenderrelay.bench;

import io.defenderrelay.testing.ShippedSettings;
import io.defenderrelay.support.Json;
import io.defenderrelay.normalize.FindingMapper;
import io.defenderrelay.normalize.CategoryMapping;
import io.defenderrelay.simulator.AlertGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Normalizations per second on one thread for the simulator's alert mix (bytes in: parse, normalize, serialize
 * the OCSF event), against raw Jackson parse + serialize of the same bytes in the same run. Each round alternates
 * the two in blocks so that both see the same JIT and machine state; medians of rounds are reported. Prints figures
 * and no target, asserts nothing (the output lands in target/surefire-reports/*NormalizeBenchmark-output.txt).
 * Run: {@code mvn -Pbench verify -Dtest=NormalizeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class NormalizeBenchmark {
    private static final int ALERTS = 2_000;
    private static final int WARMUP_ROUNDS = 15;
    private static final int MEASURED_ROUNDS = 15;
    private static final int BLOCK = 100;

    private final ObjectMapper mapper = Json.mapper();
    private final FindingMapper normalizer =
            new FindingMapper(ShippedSettings.severities(), new CategoryMapping(Map.of()), false);
    private long sink;

    @Test
    void normalizationThroughputAgainstRawJackson() throws IOException {
        new NormalizeBenchmark().measure().print();
    }

    /** Warm-up rounds, then the measured ones; figures are medians of rounds. */
    Result measure() throws IOException {
        AlertGenerator generator = new AlertGenerator(20261001L);
        List<byte[]> alerts = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < ALERTS; i++) {
            byte[] alert = mapper.writeValueAsBytes(generator.alert());
            alerts.add(alert);
            bytes += alert.length;
        }
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            round(alerts);
        }
        double[] normalized = new double[MEASURED_ROUNDS];
        double[] jackson = new double[MEASURED_ROUNDS];
        double[] ratios = new double[MEASURED_ROUNDS];
        double[] mappingOnly = new double[MEASURED_ROUNDS];
        List<JsonNode> trees = new ArrayList<>();
        for (byte[] alert : alerts) {
            trees.add(mapper.readTree(alert));
        }
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long[] nanos = round(alerts);
            normalized[round] = ALERTS * 1e9 / nanos[0];
            jackson[round] = ALERTS * 1e9 / nanos[1];
            ratios[round] = normalized[round] / jackson[round];
            mappingOnly[round] = mapAll(trees);
        }
        return new Result(bytes / ALERTS, Median.of(normalized), Median.of(jackson), Median.of(ratios),
                Median.of(mappingOnly), sink);
    }

    /** Medians, alerts/s on one thread: normalize (bytes to bytes), raw Jackson, their ratio, the mapping alone. */
    record Result(long averageBytes, double normalize, double rawJackson, double ratio, double mappingOnly,
                  long checksum) {
        void print() {
            System.out.printf("NormalizeBenchmark: %d simulator alerts (%d bytes on average), %d warm-up + %d measured"
                    + " rounds, one thread%n", ALERTS, averageBytes, WARMUP_ROUNDS, MEASURED_ROUNDS);
            System.out.printf("  normalize (parse + OCSF mapping + serialize): %,.0f alerts/s (median)%n", normalize);
            System.out.printf("  raw Jackson (parse + serialize, same bytes):   %,.0f alerts/s (median)%n", rawJackson);
            System.out.printf("  ratio normalize / raw Jackson: %.2f (median of per-round ratios), %.2f (ratio of"
                    + " medians)%n", ratio, normalize / rawJackson);
            System.out.printf("  for reference, the OCSF mapping alone (tree in, tree out): %,.0f alerts/s (median)%n",
                    mappingOnly);
            System.out.printf("  [checksum %d]%n", checksum);
        }
    }

    /**
     * One pass over all alerts, alternating the two workloads block by block so that both see the same load on a
     * shared machine. @return nanoseconds spent normalizing, then nanoseconds spent in raw Jackson
     */
    private long[] round(List<byte[]> alerts) throws IOException {
        long[] nanos = new long[2];
        for (int from = 0; from < alerts.size(); from += BLOCK) {
            List<byte[]> block = alerts.subList(from, Math.min(from + BLOCK, alerts.size()));
            long start = System.nanoTime();
            for (byte[] alert : block) {
                sink += mapper.writeValueAsBytes(normalizer.normalize(mapper.readTree(alert), "bench")).length;
            }
            long middle = System.nanoTime();
            for (byte[] alert : block) {
                sink += mapper.writeValueAsBytes(mapper.readTree(alert)).length;
            }
            nanos[0] += middle - start;
            nanos[1] += System.nanoTime() - middle;
        }
        return nanos;
    }

    /** @return alerts per second mapped from parsed trees, without parsing or serializing */
    private double mapAll(List<JsonNode> trees) {
        long start = System.nanoTime();
        for (JsonNode tree : trees) {
            sink += normalizer.normalize(tree, "bench").size();
        }
        return trees.size() * 1e9 / (System.nanoTime() - start);
    }
}
