package io.defenderrelay.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one tenant's window in progress, for its log line. Used by the tenant's poll thread only. */
final class WindowTally {
    private final Instant started;
    private int read;
    private int fresh;
    private int unrouted;
    private int deadLettered;
    private final Map<String, Integer> delivered = new TreeMap<>();

    WindowTally(Instant started) {
        this.started = started;
    }

    void read(int versions, int newVersions) {
        read += versions;
        fresh += newVersions;
    }

    void delivered(String sink, int events) {
        delivered.merge(sink, events, Integer::sum);
    }

    void unrouted() {
        unrouted++;
    }

    void deadLettered() {
        deadLettered++;
    }

    boolean deliveredAny() {
        return delivered.values().stream().anyMatch(n -> n > 0);
    }

    Duration elapsed(Instant now) {
        return Duration.between(started, now);
    }

    /** "12 read, 10 new, delivered file 10 kafka 10, unrouted 0, dead-lettered 0". */
    String describe() {
        StringBuilder line = new StringBuilder().append(read).append(" read, ").append(fresh).append(" new, delivered");
        if (delivered.isEmpty()) {
            line.append(" nothing");
        }
        delivered.forEach((sink, events) -> line.append(' ').append(sink).append(' ').append(events));
        return line.append(", unrouted ").append(unrouted).append(", dead-lettered ").append(deadLettered).toString();
    }
}
