package io.defenderrelay.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.InstanceNotFoundException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of a JVM reached over JMX (the relay's own JVM, see {@link AttachedJvm}), three ways: the sum of the heap
 * pools' own peak usage since that JVM started (pools peak at different moments, so the sum is an upper bound); the
 * largest heap in use right before a collection; the largest sum of each pool's usage right after the last collection
 * of that pool (what {@code MemoryPoolMXBean.getCollectionUsage} says: the old generation as its last full collection
 * left it), which is closest to what the run really keeps. The collectors tell each collection (a JMX notification),
 * so the watched JVM is not polled while it works. The first two count garbage not yet collected, so they grow with
 * -Xmx.
 */
final class HeapWatch implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;

    private final MBeanServerConnection connection;
    private final List<MemoryPoolMXBean> heapPools;
    private final Set<String> heapPoolNames;
    private final Set<ObjectName> collectors;
    /** The heap pools each collector (by name) collects. */
    private final Map<String, List<String>> collected = new HashMap<>();
    /** Each heap pool's usage after the last collection of it. */
    private final Map<String, Long> afterCollection = new HashMap<>();
    private final AtomicLong beforeCollectionMax = new AtomicLong();
    private final AtomicLong afterCollectionMax = new AtomicLong();
    private final NotificationListener listener = this::collected;

    private HeapWatch(MBeanServerConnection connection, List<MemoryPoolMXBean> heapPools, Set<ObjectName> collectors)
            throws IOException {
        this.connection = connection;
        this.heapPools = heapPools;
        this.heapPoolNames = Set.copyOf(heapPools.stream().map(MemoryPoolMXBean::getName).toList());
        this.collectors = collectors;
        for (ObjectName collector : collectors) {
            GarbageCollectorMXBean bean = ManagementFactory.newPlatformMXBeanProxy(connection, collector.toString(),
                    GarbageCollectorMXBean.class);
            collected.put(bean.getName(), List.of(bean.getMemoryPoolNames()));
        }
        for (ObjectName collector : collectors) {
            try {
                connection.addNotificationListener(collector, listener, null, null);
            } catch (InstanceNotFoundException e) {
                throw new IOException("no collector " + collector + " in the watched JVM", e);
            }
        }
    }

    /** Starts watching the JVM behind {@code connection}, without disturbing it (no forced collection). */
    static HeapWatch start(MBeanServerConnection connection) throws IOException {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getPlatformMXBeans(connection, MemoryPoolMXBean.class)
                .stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        try {
            return new HeapWatch(connection, heapPools, connection.queryNames(
                    new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null));
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void collected(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var collection = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            beforeCollectionMax.accumulateAndGet(collection.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                    .filter(e -> heapPoolNames.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum(),
                    Math::max);
            Map<String, MemoryUsage> after = collection.getGcInfo().getMemoryUsageAfterGc();
            collected.getOrDefault(collection.getGcName(), List.of()).stream()
                    .filter(pool -> heapPoolNames.contains(pool) && after.containsKey(pool))
                    .forEach(pool -> afterCollection.put(pool, after.get(pool).getUsed()));
            afterCollectionMax.accumulateAndGet(afterCollection.values().stream().mapToLong(Long::longValue).sum(),
                    Math::max);
        }
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
        close();
        try {
            long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            // the last collection's figures, should a notification still be on its way
            afterCollectionMax.accumulateAndGet(heapPools.stream().map(MemoryPoolMXBean::getCollectionUsage)
                    .filter(Objects::nonNull).mapToLong(MemoryUsage::getUsed).sum(), Math::max);
            return new HeapPeak(poolPeaks / MIB, beforeCollectionMax.get() / MIB, afterCollectionMax.get() / MIB);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("the watched JVM stopped answering over JMX", e));
        }
    }

    @Override
    public void close() {
        for (ObjectName collector : collectors) {
            try {
                connection.removeNotificationListener(collector, listener);
            } catch (InstanceNotFoundException | ListenerNotFoundException | IOException e) {
                // already gone with the JVM or removed by an earlier close
            }
        }
    }

    /** MiB: the sum of the heap pools' peaks, the largest heap used before a collection, the largest after one. */
    record HeapPeak(double poolPeakSumMib, double beforeCollectionMib, double afterCollectionMib) {
    }
}
