package io.defenderrelay.deliver;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A window's normalized events, grouped by the sink that still owes an acknowledgement for them: the body the
 * routes of routes/deliver.camel.yaml work on ({@code ${body[file]}} is the file sink's share). Sinks appear in the
 * order of the router's rules, so a window always reaches them in the same order.
 */
public final class WindowShares extends AbstractMap<String, List<RoutedEvent>> {
    private final Map<String, List<RoutedEvent>> bySink = new LinkedHashMap<>();
    private final Set<String> uids = new LinkedHashSet<>();

    /** @param sinks every sink name, in delivery order */
    public WindowShares(List<String> sinks) {
        sinks.forEach(sink -> bySink.put(sink, new ArrayList<>()));
    }

    /** Records the event as part of the window; {@code owed} says whether {@code sink} still has to take it. */
    void add(String sink, RoutedEvent event, boolean owed) {
        uids.add(event.uid());
        if (owed) {
            List<RoutedEvent> share = bySink.get(sink);
            if (share == null) {
                throw new IllegalArgumentException("the router chose sink '" + sink + "', which is not one of " + bySink.keySet());
            }
            share.add(event);
        }
    }

    /** The sinks that owe at least one event of the window, in delivery order. */
    public List<String> owingSinks() {
        return bySink.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** {@code metadata.uid} of every event routed anywhere in the window, owed or acknowledged earlier. */
    public Set<String> uids() {
        return Collections.unmodifiableSet(uids);
    }

    @Override
    public Set<Entry<String, List<RoutedEvent>>> entrySet() {
        return Collections.unmodifiableMap(bySink).entrySet();
    }

    /*
     * One window's shares are equal only to themselves. Camel's bean cache hashes the body on every ${body[file]};
     * a content hash walked every event's JSON tree, a fifth of the relay's CPU in a backfill.
     */

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
