package com.wwi.lakehouse.lake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An ordered, flat list of columns; names are unique ignoring case, as in Delta. */
public final class TableSchema {
    private final List<Column> columns;
    private final Map<String, Integer> index = new HashMap<>();

    public TableSchema(List<Column> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("a table schema needs at least one column");
        }
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            String key = this.columns.get(i).name().toLowerCase(Locale.ROOT);
            if (index.put(key, i) != null) {
                throw new IllegalArgumentException("duplicate column name (ignoring case): " + this.columns.get(i).name());
            }
        }
    }

    public static TableSchema of(Column... columns) {
        return new TableSchema(List.of(columns));
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int i) {
        return columns.get(i);
    }

    /** Position of a column, ignoring case, or -1. */
    public int indexOf(String name) {
        Integer i = index.get(name.toLowerCase(Locale.ROOT));
        return i == null ? -1 : i;
    }

    /**
     * Position of a column that must exist, ignoring case: how code addresses a row's values by name (an index
     * derived from the schema, never a bare number).
     */
    public int position(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in schema " + names());
        }
        return i;
    }

    public Column column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in schema " + names());
        }
        return columns.get(i);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.name());
        }
        return out;
    }

    /** This schema followed by extra columns. */
    public TableSchema plus(Column... extra) {
        List<Column> all = new ArrayList<>(columns);
        all.addAll(List.of(extra));
        return new TableSchema(all);
    }

    /**
     * Checks that a row fits this schema and can be stored: right width, right Java types, no null in a required
     * column, and every value within what Parquet and Delta store (see {@link #problem}).
     *
     * @throws IllegalArgumentException naming the column at fault
     */
    public void validate(Object[] row) {
        String p = problem(row);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    /**
     * Why a row cannot be stored in a table of this schema, or null when it can: the width, a value's Java type,
     * a null in a required column, a timestamp beyond Parquet's 64-bit microseconds, a date beyond 32-bit days, a
     * decimal with more integer digits than its precision allows, text with a lone UTF-16 surrogate (UTF-8 cannot
     * encode it). Pure and cheap: the append path runs it on every row before writing a file.
     */
    public String problem(Object[] row) {
        if (row.length != columns.size()) {
            return "row has " + row.length + " values, schema has " + columns.size() + " columns";
        }
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            Object v = row[i];
            if (v == null) {
                if (!c.nullable()) {
                    return "column " + c.name() + " is required but the value is null";
                }
            } else if (!c.type().javaType().isInstance(v)) {
                return "column " + c.name() + " (" + c.typeName() + ") got a " + v.getClass().getSimpleName();
            } else {
                String p = valueProblem(c, v);
                if (p != null) {
                    return "column " + c.name() + " (" + c.typeName() + "): " + p;
                }
            }
        }
        return null;
    }

    /** Largest epoch second whose microseconds fit a long (Parquet's TIMESTAMP_MICROS). */
    private static final long MAX_MICROS_SECOND = Long.MAX_VALUE / 1_000_000 - 1;

    private static String valueProblem(Column c, Object v) {
        switch (c.type()) {
            case STRING -> {
                int bad = loneSurrogate((String) v);
                return bad < 0 ? null : "text holds a lone surrogate at character " + (bad + 1) + ", which UTF-8 cannot encode";
            }
            case TIMESTAMP -> {
                long s = ((Instant) v).getEpochSecond();
                return s > MAX_MICROS_SECOND || s < -MAX_MICROS_SECOND ? v + " is beyond Parquet's microsecond timestamps" : null;
            }
            case DATE -> {
                long d = ((LocalDate) v).toEpochDay();
                return d != (int) d ? v + " is beyond Parquet's 32-bit day numbers" : null;
            }
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) v;
                return d.signum() != 0 && d.precision() - d.scale() > c.precision() - c.scale()
                        ? d.toPlainString().length() > 40 ? "too many digits" : d.toPlainString() + " has too many digits"
                        : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The index of the first lone UTF-16 surrogate in {@code s} (text UTF-8 cannot encode), or -1. */
    public static int loneSurrogate(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@code s} with every lone surrogate replaced by U+FFFD (for our own messages, never for data). */
    public static String replaceLoneSurrogates(String s) {
        if (s == null || loneSurrogate(s) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s);
        for (int i; (i = loneSurrogate(sb)) >= 0; ) {
            sb.setCharAt(i, '\uFFFD');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableSchema t && t.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(columns.get(i).name()).append(' ').append(columns.get(i).typeName());
            if (!columns.get(i).nullable()) {
                sb.append(" not null");
            }
        }
        return sb.append(')').toString();
    }
}
