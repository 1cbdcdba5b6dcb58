package io.defenderrelay.simulator;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SlotOrderTest {
    @Test
    void staysSortedThroughBulkInsertsAndFewOrManyMoves() {
        SplittableRandom random = new SplittableRandom(11);
        long[] keys = new long[20_000];
        SlotOrder order = new SlotOrder((a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b])
                : Integer.compare(a, b));
        int size = 0;
        for (int round = 0; round < 40; round++) {
            int added = round % 4 == 0 ? 500 : random.nextInt(3);
            int moved = round % 5 == 0 ? Math.min(size, 3000) : random.nextInt(Math.min(size, 4) + 1);
            int[] changed = IntStream.concat(IntStream.range(size, size + added),
                    random.ints(moved, 0, Math.max(size, 1)).filter(s -> s < keys.length)).distinct().toArray();
            for (int slot : changed) {
                keys[slot] = random.nextInt(1000);
            }
            size += added;
            order.reposition(changed);
            assertEquals(size, order.size());
            assertArrayEquals(expected(keys, size), IntStream.range(0, size).map(order::get).toArray(), "round " + round);
        }
    }

    @Test
    void findsTheFirstPositionOutsideAPrefix() {
        long[] keys = {5, 1, 9, 3, 7};
        SlotOrder order = new SlotOrder((a, b) -> Long.compare(keys[a], keys[b]));
        order.reposition(new int[] {0, 1, 2, 3, 4});
        assertEquals(2, order.firstNotBefore(slot -> keys[slot] < 5));
        assertEquals(0, order.firstNotBefore(slot -> keys[slot] < 0));
        assertEquals(5, order.firstNotBefore(slot -> keys[slot] < 100));
    }

    private static int[] expected(long[] keys, int size) {
        return IntStream.range(0, size).boxed()
                .sorted(Comparator.<Integer>comparingLong(slot -> keys[slot]).thenComparing(Integer::intValue))
                .mapToInt(Integer::intValue).toArray();
    }
}
