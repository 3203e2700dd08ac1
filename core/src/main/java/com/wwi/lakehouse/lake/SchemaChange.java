package com.wwi.lakehouse.lake;

import java.util.ArrayList;
import java.util.List;

/**
 * How a table's schema stands against the schema the code declares for it, and what opening the table for writing
 * does about it. Columns are matched by position, as the Parquet writer writes them, and by name, case-insensitive,
 * as Delta compares them:
 *
 * <ul>
 *   <li>{@link Kind#SAME}: nothing to do;</li>
 *   <li>{@link Kind#ADDS_COLUMNS}: the code declares the table's columns, then nullable ones it lacks; opening adds
 *       them with one metadata commit (older rows read them as null);</li>
 *   <li>{@link Kind#HAS_MORE_COLUMNS}: the table has the declared columns, then nullable ones the code does not write
 *       (another engine's {@code ALTER TABLE ... ADD COLUMNS}, or a column dropped from the code): rows the pipeline
 *       lands have them null;</li>
 *   <li>{@link Kind#INCOMPATIBLE}: anything else (a type changed, a column dropped or renamed in the middle, a new
 *       required column): the table is refused until it is migrated; {@link #problems()} names each difference.</li>
 * </ul>
 *
 * @param kind     the verdict
 * @param columns  for {@code ADDS_COLUMNS} and {@code HAS_MORE_COLUMNS}, the names of the extra columns
 * @param problems for {@code INCOMPATIBLE}, one phrase per difference ("column reason: STRING in the table, LONG in
 *                 the code")
 */
public record SchemaChange(Kind kind, List<String> columns, List<String> problems) {
    /** The verdict. */
    public enum Kind { SAME, ADDS_COLUMNS, HAS_MORE_COLUMNS, INCOMPATIBLE }

    public SchemaChange {
        columns = List.copyOf(columns);
        problems = List.copyOf(problems);
    }

    /** The table's schema {@code existing} against the code's {@code declared}. */
    public static SchemaChange between(TableSchema existing, TableSchema declared) {
        List<String> problems = new ArrayList<>();
        int common = Math.min(existing.size(), declared.size());
        for (int i = 0; i < common; i++) {
            Column x = existing.column(i);
            Column y = declared.column(i);
            if (!x.name().equalsIgnoreCase(y.name())) {
                int elsewhere = existing.indexOf(y.name());
                problems.add(elsewhere >= 0
                        ? "column " + y.name() + " is column " + (elsewhere + 1) + " in the table, " + (i + 1)
                        + " in the code"
                        : "column " + (i + 1) + " is " + x.name() + " in the table, " + y.name() + " in the code");
            } else if (!sameType(x, y)) {
                problems.add("column " + y.name() + ": " + x.typeName() + " in the table, " + y.typeName()
                        + " in the code");
            }
        }
        List<String> extra = new ArrayList<>();
        if (declared.size() > existing.size()) {
            for (int i = common; i < declared.size(); i++) {
                Column y = declared.column(i);
                extra.add(y.name());
                if (!y.nullable()) {
                    problems.add("column " + y.name() + " is new and required (NOT NULL): the table's rows have no"
                            + " value for it");
                }
            }
        } else {
            for (int i = common; i < existing.size(); i++) {
                Column x = existing.column(i);
                extra.add(x.name());
                if (!x.nullable()) {
                    problems.add("column " + x.name() + " is in the table (NOT NULL) but not in the code: it was"
                            + " dropped");
                }
            }
        }
        if (!problems.isEmpty()) {
            return new SchemaChange(Kind.INCOMPATIBLE, List.of(), problems);
        }
        if (extra.isEmpty()) {
            return new SchemaChange(Kind.SAME, List.of(), List.of());
        }
        return new SchemaChange(declared.size() > existing.size() ? Kind.ADDS_COLUMNS : Kind.HAS_MORE_COLUMNS, extra,
                List.of());
    }

    private static boolean sameType(Column x, Column y) {
        return x.type() == y.type() && x.precision() == y.precision() && x.scale() == y.scale();
    }
}
