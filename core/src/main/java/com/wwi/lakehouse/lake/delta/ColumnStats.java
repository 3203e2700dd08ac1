package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Per-file column statistics in Delta's {@code stats} JSON: numRecords, minValues, maxValues, nullCount.
 * Strings are compared by code point (UTF-8 byte order) and cut to 32 characters as delta-spark does: the
 * minimum is cut to a prefix, a cut maximum gets U+10FFFF appended so it stays an upper bound. Timestamps
 * are kept to the millisecond (min rounded down, max rounded up). Doubles and floats holding NaN get no
 * min/max.
 */
final class ColumnStats {
    static final int STRING_PREFIX = 32;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final List<Column> columns;
    private final Object[] min;
    private final Object[] max;
    private final long[] nulls;
    private final boolean[] noMinMax;
    private long records;

    ColumnStats(List<Column> columns) {
        this.columns = columns;
        int n = columns.size();
        min = new Object[n];
        max = new Object[n];
        nulls = new long[n];
        noMinMax = new boolean[n];
        for (int i = 0; i < n; i++) {
            noMinMax[i] = !columns.get(i).type().hasMinMax();
        }
    }

    long records() {
        return records;
    }

    void addRecord() {
        records++;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void add(int i, Object v) {
        if (v == null) {
            nulls[i]++;
            return;
        }
        if (noMinMax[i]) {
            return;
        }
        ColumnType t = columns.get(i).type();
        if ((t == ColumnType.DOUBLE && ((Double) v).isNaN()) || (t == ColumnType.FLOAT && ((Float) v).isNaN())) {
            noMinMax[i] = true;
            min[i] = null;
            max[i] = null;
            return;
        }
        if (t == ColumnType.STRING) {
            String s = (String) v;
            if (min[i] == null || compareCodePoints(s, (String) min[i]) < 0) {
                min[i] = s;
            }
            if (max[i] == null || compareCodePoints(s, (String) max[i]) > 0) {
                max[i] = s;
            }
            return;
        }
        Comparable c = (Comparable) v;
        if (min[i] == null || c.compareTo(min[i]) < 0) {
            min[i] = v;
        }
        if (max[i] == null || c.compareTo(max[i]) > 0) {
            max[i] = v;
        }
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    String toJson() {
        StringBuilder sb = new StringBuilder(64 + columns.size() * 48);
        sb.append("{\"numRecords\":").append(records);
        StringBuilder mins = new StringBuilder();
        StringBuilder maxs = new StringBuilder();
        StringBuilder ncs = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (ncs.length() > 0) {
                ncs.append(',');
            }
            Json.string(ncs, c.name()).append(':').append(nulls[i]);
            if (min[i] != null) {
                if (mins.length() > 0) {
                    mins.append(',');
                }
                Json.string(mins, c.name()).append(':');
                value(mins, min[i], false);
            }
            if (max[i] != null) {
                if (maxs.length() > 0) {
                    maxs.append(',');
                }
                Json.string(maxs, c.name()).append(':');
                value(maxs, max[i], true);
            }
        }
        sb.append(",\"minValues\":{").append(mins).append('}');
        sb.append(",\"maxValues\":{").append(maxs).append('}');
        sb.append(",\"nullCount\":{").append(ncs).append("}}");
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v, boolean isMax) {
        if (v instanceof String s) {
            Json.string(sb, truncate(s, isMax));
        } else if (v instanceof Instant ts) {
            Instant ms = ts.truncatedTo(ChronoUnit.MILLIS);
            if (isMax && ms.isBefore(ts)) {
                ms = ms.plusMillis(1);
            }
            Json.string(sb, TS.format(ms));
        } else if (v instanceof LocalDate d) {
            Json.string(sb, d.toString());
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (v instanceof Double d) {
            if (d.isInfinite()) {
                Json.string(sb, d > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(d);
            }
        } else if (v instanceof Float f) {
            if (f.isInfinite()) {
                Json.string(sb, f > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(f);
            }
        } else {
            sb.append(v);
        }
    }

    static String truncate(String s, boolean isMax) {
        if (s.codePointCount(0, s.length()) <= STRING_PREFIX) {
            return s;
        }
        String prefix = s.substring(0, s.offsetByCodePoints(0, STRING_PREFIX));
        return isMax ? prefix + new String(Character.toChars(Character.MAX_CODE_POINT)) : prefix;
    }
}
