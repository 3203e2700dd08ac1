package com.wwi.lakehouse.ingest;

/** A landed record that cannot become a Bronze row; {@link #kind()} is {@code parse} or {@code schema}. */
final class RecordException extends Exception {
    private final String kind;

    RecordException(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static RecordException parse(String message) {
        return new RecordException("parse", message);
    }

    static RecordException schema(String message) {
        return new RecordException("schema", message);
    }

    String kind() {
        return kind;
    }
}
