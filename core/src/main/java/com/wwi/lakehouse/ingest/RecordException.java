package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.ingest.QuarantineRecord.Kind;
import com.wwi.lakehouse.lake.Column;

import java.util.List;

/** A landed record that cannot become a Bronze row; {@link #kind()} is {@code parse} or {@code schema}. */
final class RecordException extends Exception {
    private final Kind kind;
    private final List<Column> newColumns;

    RecordException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    private RecordException(Kind kind, String message, List<Column> newColumns) {
        super(message, null, false, false);
        this.kind = kind;
        this.newColumns = newColumns;
    }

    /**
     * Not a bad record: under the {@code evolve} drift policy it holds fields the Bronze table has no column for;
     * the table gains {@link #newColumns()} and the record is typed again.
     */
    static RecordException newColumns(List<Column> columns, String folder) {
        return new RecordException(Kind.SCHEMA, "fields the " + folder + " table does not have yet: "
                + columns.stream().map(Column::name).toList(), List.copyOf(columns));
    }

    /** The columns to add before the record can be typed (evolve), or empty. */
    List<Column> newColumns() {
        return newColumns;
    }

    static RecordException parse(String message) {
        return new RecordException(Kind.PARSE, message);
    }

    static RecordException schema(String message) {
        return new RecordException(Kind.SCHEMA, message);
    }

    Kind kind() {
        return kind;
    }
}
