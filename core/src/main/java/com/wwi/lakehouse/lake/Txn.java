package com.wwi.lakehouse.lake;

import java.util.Objects;

/**
 * An application transaction id committed with data (a Delta {@code txn} action): stage {@code appId} has
 * consumed its input up to and including {@code version}. A commit carrying a txn whose version is not above
 * the table's recorded version for that appId is skipped whole, which makes replays idempotent.
 *
 * <p>{@code expectedPrevious} makes the commit conditional: the caller chose its rows assuming the table had
 * recorded that version for the appId ({@link #NONE} when none); if another writer recorded something else
 * meanwhile, the commit fails with {@link CommitConflictException} and the caller chooses again.
 * {@link #UNCHECKED} skips that check.
 */
public record Txn(String appId, long version, long expectedPrevious) {
    /** No version recorded yet. */
    public static final long NONE = -1;
    /** Do not check what was recorded before. */
    public static final long UNCHECKED = Long.MIN_VALUE;

    public Txn {
        Objects.requireNonNull(appId, "appId");
        if (appId.isBlank()) {
            throw new IllegalArgumentException("appId must not be blank");
        }
        if (version < 0) {
            throw new IllegalArgumentException("txn version must be >= 0, got " + version);
        }
        if (expectedPrevious != UNCHECKED && expectedPrevious >= version) {
            throw new IllegalArgumentException("txn " + appId + ": version " + version
                    + " must be above the expected previous version " + expectedPrevious);
        }
    }

    public Txn(String appId, long version) {
        this(appId, version, UNCHECKED);
    }
}
