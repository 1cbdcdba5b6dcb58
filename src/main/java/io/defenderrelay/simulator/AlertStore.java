package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * One tenant's alerts, kept small enough for millions: per alert a few primitive columns (created and
 * lastUpdateDateTime ticks, one byte per enum property, a version) in slots, a slot order by lastUpdateDateTime,
 * and the full JSON rendered on demand from a seed derived from the slot. Hand-made alerts ({@link #put}) keep
 * their JSON. Thread-safe.
 */
public final class AlertStore implements AutoCloseable {
    private static final Duration MAX_CREATED_BEFORE_UPDATE = Duration.ofHours(6);
    private static final int PROPERTIES = AlertProperty.values().length;

    private final String tenantId;
    private final AlertGenerator generator;
    private final IdCodec codec;
    private final Clock clock;
    private final SplittableRandom random;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SlotOrder order = new SlotOrder(this::compareSlots);
    private final Map<Integer, ObjectNode> handMade = new HashMap<>();
    private final Map<String, Integer> handMadeSlots = new HashMap<>();
    private long[] created = new long[0];
    private long[] updated = new long[0];
    private byte[][] codes = new byte[PROPERTIES][0];
    private int[] versions = new int[0];
    private int size;
    private ScheduledExecutorService liveFeed;

    AlertStore(String tenantId, AlertGenerator generator, long seed, Clock clock) {
        this.tenantId = tenantId;
        this.generator = generator;
        this.codec = new IdCodec(seed);
        this.random = new SplittableRandom(seed);
        this.clock = clock;
    }

    /** Inserts a hand-made alert, or replaces the alert with the same id (generated or not). */
    public void put(ObjectNode alert) {
        String id = alert.path("id").asText(null);
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an alert needs a non-empty string 'id' to be stored");
        }
        long lastUpdate = timestamp(alert, "lastUpdateDateTime", null);
        long createdAt = timestamp(alert, "createdDateTime", lastUpdate);
        ObjectNode copy = alert.deepCopy();
        writeLocked(() -> {
            int slot = slotOf(id);
            if (slot < 0) {
                slot = allocate();
                handMadeSlots.put(id, slot);
            }
            handMade.put(slot, copy);
            created[slot] = createdAt;
            updated[slot] = lastUpdate;
            versions[slot]++;
            for (AlertProperty property : AlertProperty.values()) {
                codes[property.ordinal()][slot] = property.encode(copy.path(property.graphName()).textValue());
            }
            order.reposition(new int[] {slot});
        });
    }

    /** Generates alerts whose lastUpdateDateTime is spread at random over [from, to); returns their ids. */
    public List<String> generate(int count, Instant from, Instant to) {
        long start = GraphTime.ticks(from);
        long span = GraphTime.ticks(to) - start;
        if (span <= 0) {
            throw new IllegalArgumentException("generate needs from < to, got " + from + " .. " + to);
        }
        return generate(count, () -> start + random.nextLong(span));
    }

    /** Generates alerts that all share exactly this lastUpdateDateTime (a bulk action in one instant); returns ids. */
    public List<String> generateAt(int count, Instant instant) {
        long ticks = GraphTime.ticks(instant);
        return generate(count, () -> ticks);
    }

    /**
     * Moves an alert to a later version: the new lastUpdateDateTime and status (null: the next one of its life
     * cycle, new → inProgress → resolved). Throws when the id is unknown.
     */
    public void update(String id, Instant newLastUpdate, String newStatus) {
        if (newStatus != null && !GraphEnums.STATUSES.contains(newStatus)) {
            throw new IllegalArgumentException("'" + newStatus + "' is not an alert status; use one of "
                    + GraphEnums.STATUSES);
        }
        writeLocked(() -> {
            int slot = slotOf(id);
            if (slot < 0) {
                throw new IllegalArgumentException("no alert with id '" + id + "' in tenant " + tenantId);
            }
            advance(slot, newLastUpdate, newStatus);
            order.reposition(new int[] {slot});
        });
    }

    /** Updates {@code n} distinct alerts picked at random (all when n ≥ size) to lastUpdateDateTime {@code at}. */
    public List<String> updateRandom(int n, Instant at) {
        List<String> ids = new ArrayList<>();
        writeLocked(() -> {
            int[] slots = pickDistinct(Math.min(n, size));
            for (int slot : slots) {
                advance(slot, at, null);
                ids.add(idOf(slot));
            }
            order.reposition(slots);
        });
        return ids;
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The ids of all alerts, in insertion order; computed on access, so cheap even for millions. */
    public List<String> ids() {
        int count = size();
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                Objects.checkIndex(index, count);
                lock.readLock().lock();
                try {
                    return idOf(index);
                } finally {
                    lock.readLock().unlock();
                }
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    public boolean contains(String id) {
        lock.readLock().lock();
        try {
            return slotOf(id) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current version of an alert as Graph would render it (with every enum member shown). */
    public ObjectNode get(String id) {
        StoredAlert alert;
        lock.readLock().lock();
        try {
            int slot = slotOf(id);
            if (slot < 0) {
                throw new IllegalArgumentException("no alert with id '" + id + "' in tenant " + tenantId);
            }
            alert = stored(slot);
        } finally {
            lock.readLock().unlock();
        }
        return alert.render(generator);
    }

    /** Every {@code every}, adds {@code count} new alerts stamped with the current time (the demo's live traffic). */
    public synchronized void startLiveFeed(Duration every, int count) {
        stopLiveFeed();
        liveFeed = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "graph-simulator-feed-" + tenantId);
            thread.setDaemon(true);
            return thread;
        });
        liveFeed.scheduleAtFixedRate(() -> generateAt(count, clock.instant()), 0, every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public synchronized void stopLiveFeed() {
        if (liveFeed != null) {
            liveFeed.shutdownNow();
            liveFeed = null;
        }
    }

    @Override
    public void close() {
        stopLiveFeed();
    }

    AlertGenerator generator() {
        return generator;
    }

    /**
     * The page of alerts matching the filter, newest first (lastUpdateDateTime desc, then id), among the versions
     * visible at {@code visibleUpTo} and not from an excluded serviceSource.
     */
    AlertPage query(AlertFilter filter, int skip, int top, boolean withCount, Set<String> excludedSources,
                    long visibleUpTo) {
        List<StoredAlert> page = new ArrayList<>();
        if (filter.contradictory()) {
            return new AlertPage(page, withCount ? 0 : -1, false);
        }
        long upTo = Math.min(filter.updatedTo(), visibleUpTo);
        lock.readLock().lock();
        try {
            int low = order.firstNotBefore(slot -> updated[slot] < filter.updatedFrom());
            int high = order.firstNotBefore(slot -> updated[slot] <= upTo);
            long matched = 0;
            long end = (long) skip + top;
            for (int position = high - 1; position >= low; position--) {
                int slot = order.get(position);
                if (!matches(slot, filter, excludedSources)) {
                    continue;
                }
                if (matched >= skip && matched < end) {
                    page.add(stored(slot));
                }
                matched++;
                if (!withCount && matched > end) {
                    break;
                }
            }
            return new AlertPage(page, withCount ? matched : -1, matched > end);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<String> generate(int count, LongSupplier lastUpdates) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot generate a negative number of alerts: " + count);
        }
        int[] first = new int[1];
        writeLocked(() -> {
            first[0] = size;
            int[] slots = new int[count];
            long maxAge = GraphTime.ticks(MAX_CREATED_BEFORE_UPDATE);
            for (int i = 0; i < count; i++) {
                int slot = allocate();
                long lastUpdate = lastUpdates.getAsLong();
                long createdAt = lastUpdate - random.nextLong(maxAge);
                AlertFacts facts = generator.facts(codec.encode(slot), GraphTime.instant(createdAt),
                        GraphTime.instant(lastUpdate));
                write(slot, facts);
                slots[i] = slot;
            }
            order.reposition(slots);
        });
        return ids().subList(first[0], first[0] + count);
    }

    private void advance(int slot, Instant lastUpdate, String newStatus) {
        ObjectNode json = handMade.get(slot);
        if (json == null) {
            write(slot, generator.nextVersion(facts(slot), lastUpdate, newStatus));
            return;
        }
        ObjectNode next = json.deepCopy();
        next.put("lastUpdateDateTime", GraphTime.format(lastUpdate));
        if (newStatus != null) {
            next.put("status", newStatus);
            codes[AlertProperty.STATUS.ordinal()][slot] = AlertProperty.STATUS.encode(newStatus);
        }
        handMade.put(slot, next);
        updated[slot] = GraphTime.ticks(lastUpdate);
        versions[slot]++;
    }

    private void write(int slot, AlertFacts facts) {
        created[slot] = GraphTime.ticks(facts.createdDateTime());
        updated[slot] = GraphTime.ticks(facts.lastUpdateDateTime());
        versions[slot] = facts.version();
        codes[AlertProperty.SEVERITY.ordinal()][slot] = AlertProperty.SEVERITY.encode(facts.severity());
        codes[AlertProperty.STATUS.ordinal()][slot] = AlertProperty.STATUS.encode(facts.status());
        codes[AlertProperty.SERVICE_SOURCE.ordinal()][slot] = AlertProperty.SERVICE_SOURCE.encode(facts.serviceSource());
        codes[AlertProperty.CLASSIFICATION.ordinal()][slot] = AlertProperty.CLASSIFICATION.encode(facts.classification());
        codes[AlertProperty.DETERMINATION.ordinal()][slot] = AlertProperty.DETERMINATION.encode(facts.determination());
    }

    private AlertFacts facts(int slot) {
        return new AlertFacts(idOf(slot), codec.encode(slot), GraphTime.instant(created[slot]),
                GraphTime.instant(updated[slot]), decode(AlertProperty.SEVERITY, slot), decode(AlertProperty.STATUS, slot),
                decode(AlertProperty.SERVICE_SOURCE, slot), decode(AlertProperty.CLASSIFICATION, slot),
                decode(AlertProperty.DETERMINATION, slot), versions[slot]);
    }

    private StoredAlert stored(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? new StoredAlert(null, json) : new StoredAlert(facts(slot), null);
    }

    private String decode(AlertProperty property, int slot) {
        return property.decode(codes[property.ordinal()][slot]);
    }

    private boolean matches(int slot, AlertFilter filter, Set<String> excludedSources) {
        if (created[slot] < filter.createdFrom() || created[slot] > filter.createdTo()) {
            return false;
        }
        for (Map.Entry<AlertProperty, Byte> wanted : filter.equals().entrySet()) {
            if (codes[wanted.getKey().ordinal()][slot] != wanted.getValue()) {
                return false;
            }
        }
        return excludedSources.isEmpty() || !excludedSources.contains(serviceSourceOf(slot));
    }

    private String serviceSourceOf(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? json.path("serviceSource").asText(null) : decode(AlertProperty.SERVICE_SOURCE, slot);
    }

    /** Oldest first; equal instants in descending id order, so reading backwards gives Graph's order. */
    private int compareSlots(int a, int b) {
        int byTime = Long.compare(updated[a], updated[b]);
        return byTime != 0 ? byTime : idOf(b).compareTo(idOf(a));
    }

    private String idOf(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? json.get("id").asText() : AlertGenerator.idFor(decode(AlertProperty.SERVICE_SOURCE, slot),
                codec.encode(slot));
    }

    private int slotOf(String id) {
        Integer known = handMadeSlots.get(id);
        if (known != null) {
            return known;
        }
        if (id.length() != 18) {
            return -1;
        }
        long seed;
        try {
            seed = Long.parseUnsignedLong(id.substring(2), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        int slot = codec.decode(seed);
        return slot >= 0 && slot < size && !handMade.containsKey(slot) && idOf(slot).equals(id) ? slot : -1;
    }

    private int allocate() {
        if (size == updated.length) {
            int capacity = Math.max(1024, size + (size >> 1));
            created = Arrays.copyOf(created, capacity);
            updated = Arrays.copyOf(updated, capacity);
            versions = Arrays.copyOf(versions, capacity);
            for (int p = 0; p < PROPERTIES; p++) {
                codes[p] = Arrays.copyOf(codes[p], capacity);
            }
        }
        return size++;
    }

    private int[] pickDistinct(int n) {
        BitSet picked = new BitSet(size);
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            int slot = random.nextInt(size);
            while (picked.get(slot)) {
                slot = slot + 1 == size ? 0 : slot + 1;
            }
            picked.set(slot);
            slots[i] = slot;
        }
        return slots;
    }

    private static long timestamp(JsonNode alert, String field, Long fallback) {
        JsonNode value = alert.get(field);
        if (value == null || !value.isTextual()) {
            if (fallback != null) {
                return fallback;
            }
            throw new IllegalArgumentException("an alert needs '" + field + "' (ISO-8601) to be stored");
        }
        try {
            return GraphTime.parseJson(value.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("alert field '" + field + "' is not an ISO-8601 timestamp: " + value, e);
        }
    }

    private void writeLocked(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
