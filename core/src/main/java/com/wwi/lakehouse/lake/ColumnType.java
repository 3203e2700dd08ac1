package com.wwi.lakehouse.lake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The column types a lake table may hold. DECIMAL carries precision and scale on its {@link Column}. */
public enum ColumnType {
    STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL, BINARY;

    /** The Java class a row value of this type must have. */
    public Class<?> javaType() {
        return switch (this) {
            case STRING -> String.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case BOOLEAN -> Boolean.class;
            case DATE -> LocalDate.class;
            case TIMESTAMP -> Instant.class;
            case DECIMAL -> BigDecimal.class;
            case BINARY -> byte[].class;
        };
    }

    /** Whether min/max statistics are collected for this type (Delta does not keep them for booleans and binaries). */
    public boolean hasMinMax() {
        return this != BOOLEAN && this != BINARY;
    }
}
