package com.wwi.lakehouse.lake;

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
     * Checks that a row fits this schema: right width, right Java types, no null in a required column.
     *
     * @throws IllegalArgumentException naming the column at fault
     */
    public void validate(Object[] row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, schema has " + columns.size() + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            Object v = row[i];
            if (v == null) {
                if (!c.nullable()) {
                    throw new IllegalArgumentException("column " + c.name() + " is required but the value is null");
                }
            } else if (!c.type().javaType().isInstance(v)) {
                throw new IllegalArgumentException("column " + c.name() + " (" + c.typeName() + ") got a "
                        + v.getClass().getSimpleName());
            }
        }
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
