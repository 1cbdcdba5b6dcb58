package io.defenderrelay.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The misbehaviour a tenant's alerts_v2 endpoint has planned: queued one-shot faults, providers that fail until
 * told otherwise, and a hook run for every page served. Thread-safe.
 */
public final class FaultPlan {
    private final Deque<Fault> queue = new ArrayDeque<>();
    private final Set<String> failingProviders = new HashSet<>();
    private volatile Consumer<Integer> pageHook = page -> { };

    /** Queues a fault for the next alerts_v2 request(s) after those already queued. */
    public synchronized void enqueue(Fault fault) {
        for (int i = 0; i < fault.times(); i++) {
            queue.addLast(fault.times(1));
        }
    }

    /** Queues the same fault {@code count} times. */
    public void enqueue(Fault fault, int count) {
        enqueue(fault.times(fault.times() * count));
    }

    /** Faults still waiting for a request. */
    public synchronized int pending() {
        return queue.size();
    }

    public synchronized void clear() {
        queue.clear();
        failingProviders.clear();
        pageHook = page -> { };
    }

    /**
     * While on, every alerts page leaves out this serviceSource's alerts and is answered 206 with a Warning header,
     * as when a federated provider is down.
     */
    public synchronized void failProvider(String serviceSource, boolean failing) {
        if (failing) {
            failingProviders.add(serviceSource);
        } else {
            failingProviders.remove(serviceSource);
        }
    }

    /**
     * Runs for every alerts page served (200 or 206) with the page's position in its walk ($skip / page size, so 0
     * for the first page of a query). It runs once the page's content is fixed and before the client receives it,
     * so changes made here are in place before the client can ask for the next page.
     */
    public void onPageServed(Consumer<Integer> hook) {
        pageHook = hook == null ? page -> { } : hook;
    }

    synchronized Optional<Fault> next() {
        return Optional.ofNullable(queue.pollFirst());
    }

    synchronized Set<String> failingProviders() {
        return Set.copyOf(failingProviders);
    }

    void pageServed(int pageIndex) {
        pageHook.accept(pageIndex);
    }
}
