package com.wwi.lakehouse.lake;

import java.util.Objects;

/**
 * One column of a table schema.
 *
 * @param name      column name as stored (Delta matches names case-insensitively, we keep the spelling given)
 * @param type      column type
 * @param nullable  whether null is allowed
 * @param precision DECIMAL precision (0 otherwise)
 * @param scale     DECIMAL scale (0 otherwise)
 * @param comment   optional description, may be null
 */
public record Column(String name, ColumnType type, boolean nullable, int precision, int scale, String comment) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank");
        }
        if (type == ColumnType.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("column " + name + ": DECIMAL(" + precision + "," + scale
                    + ") is invalid; precision must be 1..38 and scale 0..precision");
        }
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, true, 0, 0, null);
    }

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false, 0, 0, null);
    }

    public static Column decimal(String name, int precision, int scale) {
        return new Column(name, ColumnType.DECIMAL, true, precision, scale, null);
    }

    public Column withComment(String text) {
        return new Column(name, type, nullable, precision, scale, text);
    }

    /** SQL-ish type name, e.g. {@code decimal(10,0)}. */
    public String typeName() {
        return type == ColumnType.DECIMAL ? "decimal(" + precision + "," + scale + ")" : type.name().toLowerCase();
    }
}
