package io.defenderrelay.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap of this JVM over one measured run, two ways: the sum of the heap pools' own peak usage (reset at the
 * start; pools peak at different moments, so the sum is an upper bound) and the largest heap-used figure sampled
 * every 100 ms (misses spikes between samples, so a lower bound). Both count garbage the collector has not yet had
 * a reason to reclaim, so they grow with -Xmx; the largest heap in use right after a collection (sampled too) is
 * closer to what the run really keeps.
 */
final class HeapWatch implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 100;
    private static final double MIB = 1024.0 * 1024.0;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final AtomicLong sampledMax = new AtomicLong();
    private final AtomicLong afterCollectionMax = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Collects garbage first so that every run starts from the same live heap, then starts watching. */
    static HeapWatch start() {
        System.gc();
        return new HeapWatch();
    }

    private HeapWatch() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        sampledMax.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        long afterCollection = heapPools.stream().map(MemoryPoolMXBean::getCollectionUsage).filter(Objects::nonNull)
                .mapToLong(MemoryUsage::getUsed).sum();
        afterCollectionMax.accumulateAndGet(afterCollection, Math::max);
    }

    /** Stops watching. @return the peaks since {@link #start()} */
    HeapPeak stop() {
        sampler.shutdownNow();
        sample();
        long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new HeapPeak(poolPeaks / MIB, sampledMax.get() / MIB, afterCollectionMax.get() / MIB);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** MiB: the sum of the heap pools' peaks, the largest heap used sampled, the largest sampled after a collection. */
    record HeapPeak(double poolPeakSumMib, double sampledMaxMib, double afterCollectionMib) {
    }
}
