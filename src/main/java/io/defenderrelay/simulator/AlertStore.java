package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * One tenant's alerts, kept small enough for millions: per alert a few primitive columns (created and
 * lastUpdateDateTime ticks, one byte per enum property, a version) in slots, a slot order by lastUpdateDateTime,
 * and the full JSON rendered on demand from a seed derived from the slot. Hand-made alerts ({@link #put}) keep
 * their JSON. Thread-safe. Longer than most classes: the columns, the slot order and the queries over them are one
 * structure whose invariants would leak if it were split.
 */
public final class AlertStore implements AutoCloseable {
    private static final Duration MAX_CREATED_BEFORE_UPDATE = Duration.ofHours(6);

    private final String tenantId;
    private final AlertGenerator generator;
    private final IdCodec codec;
    private final Clock clock;
    private final SplittableRandom random;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SlotOrder order = new SlotOrder(this::compareSlots);
    private final Map<Integer, ObjectNode> handMade = new HashMap<>();
    private final Map<String, Integer> handMadeSlots = new HashMap<>();
    private final AlertColumns columns = new AlertColumns();
    private final LiveFeed liveFeed;

    AlertStore(String tenantId, AlertGenerator generator, long seed, Clock clock) {
        this.tenantId = tenantId;
        this.generator = generator;
        this.codec = new IdCodec(seed);
        this.random = new SplittableRandom(seed);
        this.clock = clock;
        this.liveFeed = new LiveFeed("graph-simulator-feed-" + tenantId);
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
                slot = columns.allocate();
            }
            handMadeSlots.put(id, slot);
            handMade.put(slot, copy);
            columns.write(slot, copy, createdAt, lastUpdate);
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
        return generate(count, () -> start + random.nextLong(span), this::randomCreated);
    }

    /** Generates alerts that all share exactly this lastUpdateDateTime (a bulk action in one instant); returns ids. */
    public List<String> generateAt(int count, Instant instant) {
        long ticks = GraphTime.ticks(instant);
        return generate(count, () -> ticks, this::randomCreated);
    }

    /** Generates alerts that share one lastUpdateDateTime and one createdDateTime (a burst raised and closed at once). */
    public List<String> generateAt(int count, Instant lastUpdate, Instant created) {
        long ticks = GraphTime.ticks(lastUpdate);
        long createdTicks = GraphTime.ticks(created);
        if (createdTicks > ticks) {
            throw new IllegalArgumentException("an alert cannot be created after its last update: " + created + " > " + lastUpdate);
        }
        return generate(count, () -> ticks, lastUpdateTicks -> createdTicks);
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
            int[] slots = pickDistinct(Math.min(n, columns.size()));
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
            return columns.size();
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

    /**
     * Each alert's current version as {@code "id@lastUpdateDateTime"} (the relay's event uid), read from the columns
     * without rendering: cheap enough to check every alert after every step of a long test.
     */
    public List<String> versions() {
        lock.readLock().lock();
        try {
            List<String> versions = new ArrayList<>(columns.size());
            for (int slot = 0; slot < columns.size(); slot++) {
                ObjectNode json = handMade.get(slot);
                versions.add(idOf(slot) + "@" + (json != null ? json.path("lastUpdateDateTime").asText()
                        : GraphTime.format(columns.updated(slot))));
            }
            return versions;
        } finally {
            lock.readLock().unlock();
        }
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
    public void startLiveFeed(Duration every, int count) {
        liveFeed.start(every, () -> generateAt(count, clock.instant()));
    }

    public void stopLiveFeed() {
        liveFeed.stop();
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
            int low = order.firstNotBefore(slot -> columns.updated(slot) < filter.updatedFrom());
            int high = order.firstNotBefore(slot -> columns.updated(slot) <= upTo);
            long end = (long) skip + top;
            if (onlyTimeRange(filter, excludedSources)) {
                // every position in [low, high) matches: the page and the count need no scan
                for (long position = high - 1L - skip; position >= low && position > high - 1L - end; position--) {
                    page.add(stored(order.get((int) position)));
                }
                long matched = Math.max(0, high - low);
                return new AlertPage(page, withCount ? matched : -1, matched > end);
            }
            long matched = 0;
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

    private long randomCreated(long lastUpdate) {
        return lastUpdate - random.nextLong(GraphTime.ticks(MAX_CREATED_BEFORE_UPDATE));
    }

    private List<String> generate(int count, LongSupplier lastUpdates, LongUnaryOperator createdOf) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot generate a negative number of alerts: " + count);
        }
        int[] first = new int[1];
        writeLocked(() -> {
            first[0] = columns.size();
            int[] slots = new int[count];
            for (int i = 0; i < count; i++) {
                int slot = columns.allocate();
                long lastUpdate = lastUpdates.getAsLong();
                long createdAt = createdOf.applyAsLong(lastUpdate);
                AlertFacts facts = generator.facts(codec.encode(slot), GraphTime.instant(createdAt),
                        GraphTime.instant(lastUpdate));
                columns.write(slot, facts);
                slots[i] = slot;
            }
            order.reposition(slots);
        });
        return ids().subList(first[0], first[0] + count);
    }

    private void advance(int slot, Instant lastUpdate, String newStatus) {
        ObjectNode json = handMade.get(slot);
        if (json == null) {
            columns.write(slot, generator.nextVersion(facts(slot), lastUpdate, newStatus));
            return;
        }
        ObjectNode next = json.deepCopy();
        next.put("lastUpdateDateTime", GraphTime.format(lastUpdate));
        if (newStatus != null) {
            next.put("status", newStatus);
        }
        handMade.put(slot, next);
        columns.write(slot, next, columns.created(slot), GraphTime.ticks(lastUpdate));
    }

    private AlertFacts facts(int slot) {
        return columns.facts(slot, idOf(slot), codec.encode(slot));
    }

    private StoredAlert stored(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? new StoredAlert(null, json) : new StoredAlert(facts(slot), null);
    }

    private static boolean onlyTimeRange(AlertFilter filter, Set<String> excludedSources) {
        return filter.equals().isEmpty() && excludedSources.isEmpty() && filter.createdFrom() == Long.MIN_VALUE
                && filter.createdTo() == Long.MAX_VALUE;
    }

    private boolean matches(int slot, AlertFilter filter, Set<String> excludedSources) {
        long created = columns.created(slot);
        if (created < filter.createdFrom() || created > filter.createdTo()) {
            return false;
        }
        for (Map.Entry<AlertProperty, Byte> wanted : filter.equals().entrySet()) {
            if (columns.code(wanted.getKey(), slot) != wanted.getValue()) {
                return false;
            }
        }
        return excludedSources.isEmpty() || !excludedSources.contains(serviceSourceOf(slot));
    }

    private String serviceSourceOf(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? json.path("serviceSource").asText(null) : columns.value(AlertProperty.SERVICE_SOURCE, slot);
    }

    /** Oldest first; equal instants in descending id order, so reading backwards gives Graph's order. */
    private int compareSlots(int a, int b) {
        int byTime = Long.compare(columns.updated(a), columns.updated(b));
        return byTime != 0 ? byTime : idOf(b).compareTo(idOf(a));
    }

    private String idOf(int slot) {
        ObjectNode json = handMade.get(slot);
        return json != null ? json.get("id").asText() : AlertGenerator.idFor(columns.value(AlertProperty.SERVICE_SOURCE, slot),
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
        return slot >= 0 && slot < columns.size() && !handMade.containsKey(slot) && idOf(slot).equals(id) ? slot : -1;
    }

    private int[] pickDistinct(int n) {
        int size = columns.size();
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
            return GraphTime.ticks(GraphTime.parse(value.asText()));
        } catch (DateTimeException e) {
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
