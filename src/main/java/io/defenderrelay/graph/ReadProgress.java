package io.defenderrelay.graph;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a tenant's reads achieved besides the checkpoint's position: windows Graph answered only partially, parts of an
 * instant already delivered, and windows whose parts fell short of Graph's count. Saved with the checkpoint.
 */
public final class ReadProgress {

    private static final class State {
        final Set<Window> incomplete = new LinkedHashSet<>();
        final Map<String, Long> doneParts = new LinkedHashMap<>();
        final Map<String, Integer> shortReads = new LinkedHashMap<>();
    }

    private final Map<String, State> byTenant = new ConcurrentHashMap<>();

    private State of(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> new State());
    }

    public synchronized void restore(Checkpoint checkpoint) {
        State state = of(checkpoint.tenant());
        state.incomplete.addAll(checkpoint.incomplete());
        state.doneParts.putAll(checkpoint.doneParts());
    }

    public synchronized void forget(String tenant) {
        byTenant.remove(tenant);
    }

    public synchronized List<Window> incomplete(String tenant) {
        return List.copyOf(of(tenant).incomplete);
    }

    public synchronized boolean isIncomplete(String tenant, Window window) {
        return of(tenant).incomplete.contains(window);
    }

    /** True when this changed what is saved. */
    public synchronized boolean partial(String tenant, Window window) {
        return of(tenant).incomplete.add(window);
    }

    /** True when the window had been incomplete. */
    public synchronized boolean answeredInFull(String tenant, Window window) {
        return of(tenant).incomplete.remove(window);
    }

    /** True when {@code lastUpdate} lies in a window still to be read again, whose delivered alerts must be kept. */
    public synchronized boolean insideIncomplete(String tenant, Instant lastUpdate) {
        return of(tenant).incomplete.stream()
                .anyMatch(w -> !lastUpdate.isBefore(w.start()) && lastUpdate.isBefore(w.end()));
    }

    public synchronized void partDone(String tenant, Window part, long alerts) {
        of(tenant).doneParts.put(part.filter(), alerts);
    }

    /** The alert count of a part delivered before, if it was. */
    public synchronized OptionalLong donePart(String tenant, Window part) {
        Long alerts = of(tenant).doneParts.get(part.filter());
        return alerts == null ? OptionalLong.empty() : OptionalLong.of(alerts);
    }

    /** The checkpoint moved past the instant the parts belonged to. */
    public synchronized void clearDoneParts(String tenant) {
        of(tenant).doneParts.clear();
    }

    public synchronized Map<String, Long> doneParts(String tenant) {
        return Map.copyOf(of(tenant).doneParts);
    }

    /** Reads of this window so far whose parts fell short of Graph's count. */
    public synchronized int shortReads(String tenant, Window window) {
        return of(tenant).shortReads.getOrDefault(window.filter(), 0);
    }

    /** Counts one more short read and returns how many there have been. */
    public synchronized int readShort(String tenant, Window window) {
        return of(tenant).shortReads.merge(window.filter(), 1, Integer::sum);
    }

    public synchronized void readInFull(String tenant, Window window) {
        of(tenant).shortReads.remove(window.filter());
    }
}
