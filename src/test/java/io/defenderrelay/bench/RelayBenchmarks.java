package io.defenderrelay.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The relay's cost in one table from one invocation: {@link NormalizeBenchmark} (normalize only, against raw
 * Jackson), {@link BackfillBenchmark} (the limit: raw paging of the same Graph requests; end-to-end to the file sink
 * with the relay in its own JVM: alerts/s, CPU, heap, threads) and {@link DeliveryBenchmark} (end-to-end per sink),
 * one after the other, each printing its own block as it goes, then the table. Every figure is a median of at least
 * three runs, and every ratio compares figures measured in this invocation. The rows of figures measured elsewhere
 * (the 1 000 000-alert memory run, start and latency) are marked as such.
 * <p>
 * Run: {@code mvn -B -o test -Pbench -Dtest=RelayBenchmarks} (10 to 20 minutes on 2 cores). Output:
 * target/surefire-reports/io.defenderrelay.bench.RelayBenchmarks-output.txt; the table starts with
 * {@code RELAY BENCHMARKS}.
 */
@Tag("bench")
class RelayBenchmarks {
    @TempDir
    Path dir;

    @Test
    void measuresTheRelaysCostInOneTable() throws Exception {
        NormalizeBenchmark.Result normalize = new NormalizeBenchmark().measure();
        normalize.print();
        BackfillBenchmark.Result backfill = BackfillBenchmark.measure(dir.resolve("backfill"));
        System.out.println(backfill.summary());
        DeliveryBenchmark.Result delivery = DeliveryBenchmark.measure(dir.resolve("delivery"));
        System.out.println(delivery.summary());
        System.out.println(table(normalize, backfill, delivery));
    }

    static String table(NormalizeBenchmark.Result normalize, BackfillBenchmark.Result backfill,
                        DeliveryBenchmark.Result delivery) {
        double limit = backfill.rawAlertsPerSecond();
        double endToEnd = backfill.relayAlertsPerSecond();
        Map<String, Double> sinks = delivery.rates();
        double file = sinks.get("file");
        List<String> rows = new ArrayList<>();
        rows.add("RELAY BENCHMARKS (medians; each ratio compares figures of this invocation; "
                + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format("%.1f to %.1f", backfill.loadBefore(), delivery.loadAfter()) + ")");
        rows.add("| figure | value | target |");
        rows.add("|---|---|---|");
        rows.add(row("limit: raw paging of the backfill's Graph requests, one thread, in a JVM of its own like the"
                + " relay's (alerts/s)", "%,.0f", "", limit));
        double warmLimit = backfill.warmRawAlertsPerSecond();
        rows.add(row("  the same raw paging in the benchmark's JVM, its JIT warm (alerts/s)", "%,.0f", "", warmLimit));
        rows.add(row("normalize only: parse + OCSF mapping + serialize, one thread (alerts/s)", "%,.0f", "",
                normalize.normalize()));
        rows.add(row("  against raw Jackson parse + serialize of the same bytes", "%.2f", "",
                normalize.normalize() / normalize.rawJackson()));
        rows.add(row("end-to-end backfill, 100 000 alerts to the file sink, relay in its own JVM ("
                + String.join(" ", BackfillRelayRun.RECOMMENDED_JVM_OPTIONS) + ") (alerts/s)", "%,.0f", "",
                endToEnd));
        rows.add(row("  end-to-end / limit", "%.2f", ">= 0.80", endToEnd / limit));
        rows.add(row("  end-to-end / warm raw paging", "%.2f", "", endToEnd / warmLimit));
        rows.add(row("  relay CPU per 100 000 alerts, all threads, start-up excluded (s)", "%.1f", "",
                backfill.cpuSecondsPer100k()));
        double secondHalf = backfill.relaySecondHalfAlertsPerSecond();
        rows.add(row("  the same run's second half, the relay's JIT compilers mostly done (alerts/s)", "%,.0f", "",
                secondHalf));
        rows.add(row("  second half / limit; / warm raw paging", "%.2f / %.2f", "", secondHalf / limit,
                secondHalf / warmLimit));
        rows.add(row("  relay CPU per 100 000 alerts over the second half (s)", "%.1f", "",
                backfill.secondHalfCpuSecondsPer100k()));
        rows.add(row("  relay heap, sum of pool peaks / after a collection (MiB, -Xmx" + BackfillRelayRun.HEAP + ")",
                "%.0f / %.0f", "", backfill.median(r -> r.relay().heap().poolPeakSumMib()),
                backfill.median(r -> r.relay().heap().afterCollectionMib())));
        rows.add(row("  relay peak RSS (MiB)", "%.0f", "", backfill.median(r -> r.relay().peakResidentMib())));
        rows.add(row("  relay threads, peak", "%.0f", "", backfill.median(r -> r.relay().peakThreads())));
        rows.add(row("  relay start-up, launch to first token request (s)", "%.1f", "",
                backfill.median(r -> r.relay().startup().toMillis() / 1e3)));
        String alerts = String.format("%,d", DeliveryBenchmark.ALERTS);
        sinks.forEach((sink, rate) -> rows.add(row("end-to-end to " + sink + " alone, " + alerts + " alerts, relay in"
                        + " its own JVM: alerts/s; second half; relay CPU per 100 000 (s)", "%,.0f; %,.0f; %.1f", "",
                rate, delivery.median(sink, DeliveryBenchmark.Run::secondHalfAlertsPerSecond),
                delivery.median(sink, DeliveryBenchmark.Run::cpuSecondsPer100k))));
        sinks.forEach((sink, rate) -> {
            if (!sink.equals("file")) {
                rows.add(row("  " + sink + " / file: ratio of medians; median of each round's ratio", "%.2f; %.2f",
                        target(sink), rate / file, delivery.roundRatio(sink)));
            }
        });
        // measured by their own benchmarks, not (yet) run from here
        rows.add("| 1 000 000-alert backfill in -Xmx256m: heap after collection per 100 000, RSS | MillionAlertBenchmark"
                + " | completes, heap flat |");
        rows.add("| start to first poll; new alert to sink under a trickle (p50 / p99) | LatencyBenchmark | |");
        return String.join(System.lineSeparator(), rows);
    }

    private static String target(String sink) {
        return switch (sink) {
            case "kafka" -> ">= 0.90";
            case "hec" -> ">= 0.60";
            default -> "";
        };
    }

    private static String row(String figure, String format, String target, double... values) {
        String value = String.format(format, Arrays.stream(values).boxed().toArray());
        return "| " + figure + " | " + value + " | " + target + " |";
    }
}
