package com.wwi.lakehouse.sample;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/** Small helpers for seeded random draws and stable number text. Package-private. */
final class Draw {

    private Draw() {
    }

    /**
     * Derives a well-mixed seed for one stream (a dataset, a store...) from the user's seed and a salt.
     * SplittableRandom seeded with values that differ by a multiple of its gamma would give shifted copies
     * of one stream; mixing first avoids that.
     */
    static long mix(long seed, long salt) {
        long z = seed ^ (salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    static SplittableRandom random(long seed, long salt) {
        return new SplittableRandom(mix(seed, salt));
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Inclusive range. */
    static int between(SplittableRandom r, int lo, int hi) {
        return r.nextInt(lo, hi + 1);
    }

    /** Inclusive range. */
    static long between(SplittableRandom r, long lo, long hi) {
        return r.nextLong(lo, hi + 1);
    }

    /** Roughly normal (Irwin–Hall of 4 uniforms, mean 0, sd about 1); reproducible on every JVM. */
    static double gaussian(SplittableRandom r) {
        return (r.nextDouble() + r.nextDouble() + r.nextDouble() + r.nextDouble() - 2.0) * 1.7320508075688772;
    }

    /** {@code unscaled / 10^scale} as plain text without trailing zeros: (17400, 2) is "174", (250, 2) is "2.5". */
    static String decimal(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString();
    }

    /** {@code unscaled / 10^scale} as plain text with exactly {@code scale} decimals: (3108770, 2) is "31087.70". */
    static String fixed(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }

    /** Zero-padded decimal text of a non-negative int. */
    static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
