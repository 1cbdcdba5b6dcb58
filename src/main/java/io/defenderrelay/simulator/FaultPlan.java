package io.defenderrelay.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The misbehaviour a tenant's alerts_v2 endpoint has planned: queued one-shot faults, faults met by chance, providers
 * that fail and paging quirks until told otherwise, and a hook run for every page served. Thread-safe.
 */
public final class FaultPlan {

    /** Lasting oddities of Graph's paging, on until turned off. */
    public enum Quirk {
        /** Every page's {@code @odata.nextLink} is the request's own URL. */
        LOOPING_NEXT_LINK,
        /** {@code @odata.count} is one more than the alerts that match. */
        GHOST_COUNT,
        /** Every page repeats its first alert at its end, and counts it. */
        DUPLICATE_ROW
    }

    private record Chance(Fault fault, double probability) {
    }

    private final Deque<Fault> queue = new ArrayDeque<>();
    private final Set<String> failingProviders = new HashSet<>();
    private final Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
    private final List<Chance> chances = new ArrayList<>();
    private SplittableRandom random = new SplittableRandom(0);
    private volatile Consumer<Integer> pageHook = page -> { };
    private volatile PageRewrite rewrite = PageRewrite.NONE;

    /** Replaces the bytes of a page about to be served: hostile input for tests. */
    @FunctionalInterface
    public interface PageRewrite {
        PageRewrite NONE = (query, body) -> body;

        /** @param rawQuery the request's query string, as sent; @param body the page as rendered (and faulted) */
        byte[] rewrite(String rawQuery, byte[] body);
    }

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

    /**
     * From now on each request meets {@code fault} with this probability (drawn from a generator seeded by
     * {@link #seed}), when no queued fault applies; several chances are drawn in the order given.
     */
    public synchronized void sometimes(Fault fault, double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("a probability is between 0 and 1, got " + probability);
        }
        chances.add(new Chance(fault.times(1), probability));
    }

    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    public synchronized void quirk(Quirk quirk, boolean on) {
        if (on) {
            quirks.add(quirk);
        } else {
            quirks.remove(quirk);
        }
    }

    synchronized boolean has(Quirk quirk) {
        return quirks.contains(quirk);
    }

    public synchronized void clear() {
        queue.clear();
        failingProviders.clear();
        quirks.clear();
        chances.clear();
        pageHook = page -> { };
        rewrite = PageRewrite.NONE;
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

    /** From now on every alerts page served (200 or 206) passes through {@code pageRewrite}; null for none. */
    public void rewritePages(PageRewrite pageRewrite) {
        rewrite = pageRewrite == null ? PageRewrite.NONE : pageRewrite;
    }

    byte[] rewrite(String rawQuery, byte[] body) {
        return rewrite.rewrite(rawQuery, body);
    }

    synchronized Optional<Fault> next() {
        Fault queued = queue.pollFirst();
        if (queued != null) {
            return Optional.of(queued);
        }
        for (Chance chance : chances) {
            if (random.nextDouble() < chance.probability()) {
                return Optional.of(chance.fault());
            }
        }
        return Optional.empty();
    }

    synchronized Set<String> failingProviders() {
        return Set.copyOf(failingProviders);
    }

    void pageServed(int pageIndex) {
        pageHook.accept(pageIndex);
    }
}
