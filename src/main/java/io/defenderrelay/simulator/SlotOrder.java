package io.defenderrelay.simulator;

import java.util.BitSet;
import java.util.function.IntBinaryOperator;
import java.util.function.IntPredicate;

/**
 * Alert slots kept sorted by a comparator (the store's lastUpdateDateTime order) in one int array: 4 bytes per
 * alert instead of a tree node. Changed slots are taken out, sorted among themselves and merged back in.
 */
final class SlotOrder {
    private final IntBinaryOperator comparator;
    private int[] slots = new int[0];

    SlotOrder(IntBinaryOperator comparator) {
        this.comparator = comparator;
    }

    int size() {
        return slots.length;
    }

    int get(int position) {
        return slots[position];
    }

    /**
     * Re-sorts after the keys of {@code changed} moved or they were added. Call with the keys already changed; the
     * slots still in the array are found by membership, not by their old key.
     */
    void reposition(int[] changed) {
        BitSet moving = new BitSet();
        for (int slot : changed) {
            moving.set(slot);
        }
        int[] fresh = changed.clone();
        sort(fresh, new int[fresh.length], 0, fresh.length);
        int[] kept = new int[slots.length];
        int keptCount = 0;
        for (int slot : slots) {
            if (!moving.get(slot)) {
                kept[keptCount++] = slot;
            }
        }
        slots = merge(kept, keptCount, fresh);
    }

    /**
     * Merges two sorted runs. A few changed slots among many (an update, the live feed) are placed by binary search
     * and bulk copies, so a million-alert store does not compare every element on each update.
     */
    private int[] merge(int[] kept, int keptCount, int[] fresh) {
        int[] merged = new int[keptCount + fresh.length];
        boolean fewChanges = (long) fresh.length * (32 - Integer.numberOfLeadingZeros(keptCount + 1)) < keptCount;
        int k = 0;
        int m = 0;
        for (int f = 0; f < fresh.length; f++) {
            int until = fewChanges ? upperBound(kept, k, keptCount, fresh[f]) : k;
            while (!fewChanges && until < keptCount && comparator.applyAsInt(kept[until], fresh[f]) <= 0) {
                until++;
            }
            System.arraycopy(kept, k, merged, m, until - k);
            m += until - k;
            k = until;
            merged[m++] = fresh[f];
        }
        System.arraycopy(kept, k, merged, m, keptCount - k);
        return merged;
    }

    /** First index in a[from, to) whose slot sorts after {@code slot} (equal ones stay in front). */
    private int upperBound(int[] a, int from, int to, int slot) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (comparator.applyAsInt(a[mid], slot) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** First position whose slot does not satisfy {@code before} (the array must be partitioned by it). */
    int firstNotBefore(IntPredicate before) {
        int low = 0;
        int high = slots.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (before.test(slots[mid])) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Stable merge sort of a[from, to) using scratch space of the same length. */
    private void sort(int[] a, int[] scratch, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, scratch, from, mid);
        sort(a, scratch, mid, to);
        if (comparator.applyAsInt(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int left = from;
        int right = mid;
        for (int i = from; i < to; i++) {
            if (right >= to || left < mid && comparator.applyAsInt(scratch[left], scratch[right]) <= 0) {
                a[i] = scratch[left++];
            } else {
                a[i] = scratch[right++];
            }
        }
    }
}
