package com.wwi.lakehouse.datasets;

import com.wwi.lakehouse.lake.TableSchema;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A data-quality rule declared with a table, as DLT's {@code @expect}, {@code @expect_or_drop} and
 * {@code @expect_or_fail}: a row that breaks a WARN rule is kept and counted, one that breaks a DROP rule is
 * left out of the table (and, in this project, put in quarantine with the rule's name), one that breaks a FAIL
 * rule stops the batch: nothing of it is committed.
 *
 * @param name       rule name, e.g. {@code valid_city}
 * @param constraint the rule as SQL text, for people (e.g. {@code city IS NOT NULL})
 * @param action     what breaking it does
 * @param check      true when the row (source columns, schema order) passes
 */
public record Expectation(String name, String constraint, Action action, Predicate<Object[]> check) {
    public enum Action { WARN, DROP, FAIL }

    public Expectation {
        Objects.requireNonNull(name);
        Objects.requireNonNull(constraint);
        Objects.requireNonNull(action);
        Objects.requireNonNull(check);
    }

    /**
     * A rule on one column, declared by the column's name: {@link #bind} turns it into an expectation on a schema's
     * rows, the column's position derived from the schema.
     *
     * @param value true when the column's value (null included) passes
     */
    public record OnColumn(String name, String constraint, Action action, String column, Predicate<Object> value) {
        public OnColumn {
            Objects.requireNonNull(name);
            Objects.requireNonNull(constraint);
            Objects.requireNonNull(action);
            Objects.requireNonNull(column);
            Objects.requireNonNull(value);
        }

        /** The expectation on rows of {@code schema}; a column the schema lacks is an error naming the rule. */
        public Expectation bind(TableSchema schema) {
            if (schema.indexOf(column) < 0) {
                throw new IllegalArgumentException("expectation " + name + " reads column '" + column
                        + "', which the schema " + schema.names() + " does not have");
            }
            int at = schema.position(column);
            return new Expectation(name, constraint, action, row -> value.test(row[at]));
        }
    }

    /** {@code column IS NOT NULL}. */
    public static OnColumn notNull(String name, String column, Action action) {
        return new OnColumn(name, column + " IS NOT NULL", action, column, v -> v != null);
    }

    /** A rule on one column's value, with its SQL text for people. */
    public static OnColumn where(String name, String constraint, Action action, String column, Predicate<Object> value) {
        return new OnColumn(name, constraint, action, column, value);
    }
}
