package io.defenderrelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;

/**
 * Peak heap of a JVM reached over JMX (the relay's own JVM, see {@link AttachedJvm}), three ways: the sum of the heap
 * pools' own peak usage since that JVM started (pools peak at different moments, so the sum is an upper bound); the
 * largest heap-used figure sampled every 100 ms from {@link #start} (misses spikes between samples, so a lower
 * bound); the largest heap in use right after a collection, also sampled, which is closest to what the run really
 * keeps. The first two count garbage not yet collected, so they grow with -Xmx.
 */
final class HeapWatch implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 100;
    private static final double MIB = 1024.0 * 1024.0;

    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools;
    private final AtomicLong sampledMax = new AtomicLong();
    private final AtomicLong afterCollectionMax = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-watch");
        thread.setDaemon(true);
        return thread;
    });

    private HeapWatch(MemoryMXBean memory, List<MemoryPoolMXBean> heapPools) {
        this.memory = memory;
        this.heapPools = heapPools;
        sampler.scheduleAtFixedRate(this::sampleQuietly, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts sampling the JVM behind {@code connection}, without disturbing it (no forced collection). */
    static HeapWatch start(MBeanServerConnection connection) throws IOException {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connection,
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getPlatformMXBeans(connection, MemoryPoolMXBean.class)
                .stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        return new HeapWatch(memory, heapPools);
    }

    /** A JVM that stopped answering ends the sampling; {@link #stop} then reports what was seen. */
    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            sampler.shutdown();
        }
    }

    private void sample() {
        sampledMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        long afterCollection = heapPools.stream().map(MemoryPoolMXBean::getCollectionUsage).filter(Objects::nonNull)
                .mapToLong(MemoryUsage::getUsed).sum();
        afterCollectionMax.accumulateAndGet(afterCollection, Math::max);
    }

    /**
     * Heap in use right after a full collection of the JVM behind {@code connection}, in MiB: what it really keeps
     * (no garbage counted). Forces the collection, so call it at a few chosen moments, not while sampling.
     */
    static double afterFullCollectionMib(MBeanServerConnection connection) throws IOException {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Stops watching; the JVM must still be running. @return the peaks */
    HeapPeak stop() {
        sampler.shutdownNow();
        try {
            sample();
            long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            return new HeapPeak(poolPeaks / MIB, sampledMax.get() / MIB, afterCollectionMax.get() / MIB);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("the watched JVM stopped answering over JMX", e));
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** MiB: the sum of the heap pools' peaks, the largest heap used sampled, the largest sampled after a collection. */
    record HeapPeak(double poolPeakSumMib, double sampledMaxMib, double afterCollectionMib) {
    }
}
