package com.wwi.lakehouse.lake;

/**
 * One row of an append cannot be stored (the schema check or the file writer refused it); nothing was committed
 * and no file of the append stays behind. {@link #row()} is the very array the caller passed, so the caller can
 * set it aside (Bronze quarantines it) and append the rest.
 */
public final class RowRejectedException extends LakeException {
    private final transient Object[] row;
    private final String reason;

    public RowRejectedException(Object[] row, String reason, Throwable cause) {
        super("a row cannot be stored: " + reason, cause);
        this.row = row;
        this.reason = reason;
    }

    /** The rejected row (the caller's array, compare by identity). */
    public Object[] row() {
        return row;
    }

    /** Why, naming the column. */
    public String reason() {
        return reason;
    }
}
