package com.wwi.lakehouse.datasets;

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

    public static Expectation notNull(String name, int column, String columnName, Action action) {
        return new Expectation(name, columnName + " IS NOT NULL", action, row -> row[column] != null);
    }
}
