package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.ingest.QuarantineRecord.Kind;

/** A landed record that cannot become a Bronze row; {@link #kind()} is {@code parse} or {@code schema}. */
final class RecordException extends Exception {
    private final Kind kind;

    RecordException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
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
