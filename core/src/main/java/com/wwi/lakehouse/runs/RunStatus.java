package com.wwi.lakehouse.runs;

import java.util.Locale;

/**
 * How a run ended; written to the event log's {@code status} column in lower case ({@code committed}, ...), the
 * values existing lakes already hold.
 */
public enum RunStatus {
    /** Something was committed. */
    COMMITTED,
    /** Nothing to do: already committed by an earlier (or concurrent) run, or the inputs did not move. */
    SKIPPED,
    /** The input held no records. */
    EMPTY,
    /** The input as a whole is unusable (or its events went to quarantine whole); nothing of it landed in Bronze. */
    REJECTED,
    /** An error; the message says which. Nothing half-done stays visible. */
    FAILED,
    /**
     * A Bronze table gained columns for new source fields (drift policy {@code evolve}): one metadata commit, the
     * columns named in the message; no rows (the batch or file that brought them has its own run).
     */
    EVOLVED;

    /** The event log's value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status an event log row holds. */
    public static RunStatus of(String label) {
        try {
            return valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown run status '" + label + "' in the event log");
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
