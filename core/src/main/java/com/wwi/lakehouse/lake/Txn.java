package com.wwi.lakehouse.lake;

import java.util.Objects;

/**
 * An application transaction id committed with data (a Delta {@code txn} action): stage {@code appId} has
 * consumed its input up to and including {@code version}. A commit carrying a txn whose version is not above
 * the table's recorded version for that appId is skipped whole, which makes replays idempotent.
 */
public record Txn(String appId, long version) {
    public Txn {
        Objects.requireNonNull(appId, "appId");
        if (appId.isBlank()) {
            throw new IllegalArgumentException("appId must not be blank");
        }
        if (version < 0) {
            throw new IllegalArgumentException("txn version must be >= 0, got " + version);
        }
    }
}
