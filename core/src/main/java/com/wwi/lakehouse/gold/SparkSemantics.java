package com.wwi.lakehouse.gold;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The Spark SQL behaviours the Gold tables must reproduce (probed on Spark 4.2 + delta-spark 4.4). */
public final class SparkSemantics {
    private static final long WEEK_SECONDS = 7L * 86400;

    private SparkSemantics() {
    }

    /** A tumbling window: [start, end). */
    public record Window(Instant start, Instant end) {
    }

    /**
     * {@code window(date, '1 week')}: weeks aligned on the epoch, 1970-01-01 (a Thursday) 00:00 UTC, so a week runs
     * Thursday to Thursday; {@code '7 days'} gives the same windows.
     */
    public static Window week(LocalDate date) {
        long seconds = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long start = Math.floorDiv(seconds, WEEK_SECONDS) * WEEK_SECONDS;
        return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + WEEK_SECONDS));
    }

    /** {@code round(x, scale)} on a double: HALF_UP on its shortest decimal text (2.675 → 2.68, 1.005 → 1.01). */
    public static Double round(Double x, int scale) {
        if (x == null || x.isNaN() || x.isInfinite()) {
            return x;
        }
        return BigDecimal.valueOf(x).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }

    /** {@code sum} of a FLOAT column: each value widened to double, nulls skipped; null when there is none. */
    public static Double sumFloats(Iterable<Float> values) {
        double sum = 0;
        boolean any = false;
        for (Float f : values) {
            if (f != null) {
                sum += f.doubleValue();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /**
     * {@code percent_rank() over (order by key)}: (rank − 1) / (n − 1), ties sharing the lowest rank, 0 for a
     * single row. Nulls sort first, as in Spark's ascending order. Returns the ranks in the input's order.
     */
    public static <T extends Comparable<? super T>> double[] percentRank(List<T> keys) {
        int n = keys.size();
        double[] out = new double[n];
        if (n <= 1) {
            return out;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Comparator<T> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        order.sort((a, b) -> nullsFirst.compare(keys.get(a), keys.get(b)));
        int rank = 1;
        for (int pos = 0; pos < n; pos++) {
            if (pos > 0 && nullsFirst.compare(keys.get(order.get(pos)), keys.get(order.get(pos - 1))) != 0) {
                rank = pos + 1;
            }
            out[order.get(pos)] = (rank - 1) / (double) (n - 1);
        }
        return out;
    }
}
