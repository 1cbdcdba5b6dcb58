package io.defenderrelay.simulator;

/**
 * Turns a generated alert's slot number into a random-looking 64-bit value and back (a keyed, invertible mix), so
 * a million alerts need neither stored ids nor an id→slot map. The value doubles as the alert's rendering seed.
 */
final class IdCodec {
    private static final long M1 = 0xbf58476d1ce4e5b9L;
    private static final long M2 = 0x94d049bb133111ebL;
    private static final long M1_INVERSE = inverse(M1);
    private static final long M2_INVERSE = inverse(M2);

    private final long key;

    /** Stores seeded alike (42, 43) must not share ids: the seed is mixed before slots are added to it. */
    IdCodec(long seed) {
        this.key = mix(seed);
    }

    long encode(int slot) {
        return mix(slot + key);
    }

    /** The slot for a value, or -1 when the value cannot be one of ours. */
    int decode(long value) {
        long z = value ^ (value >>> 31) ^ (value >>> 62);
        z *= M2_INVERSE;
        z = z ^ (z >>> 27) ^ (z >>> 54);
        z *= M1_INVERSE;
        z = z ^ (z >>> 30) ^ (z >>> 60);
        long slot = z - key;
        return slot >= 0 && slot <= Integer.MAX_VALUE ? (int) slot : -1;
    }

    private static long mix(long value) {
        long z = (value ^ (value >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }

    /** Multiplicative inverse modulo 2^64 of an odd number (Newton's iteration doubles the correct bits each step). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
