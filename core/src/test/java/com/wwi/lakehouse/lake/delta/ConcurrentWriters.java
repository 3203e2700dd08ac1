package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.LakeTable;

/**
 * For tests outside this package: a second handle on a table that shares nothing with the cached one (another
 * process), and a hook that runs inside a rewrite of the cached handle after its transaction started and before it
 * commits, where a concurrent writer can get in first.
 */
public final class ConcurrentWriters {
    private ConcurrentWriters() {
    }

    public static LakeTable otherProcess(DeltaLake lake, String path) {
        return lake.uncachedHandle(path);
    }

    /** Sets (or with null clears) the hook of the table's cached handle. */
    public static void beforeRewriteCommit(LakeTable table, Runnable hook) {
        ((DeltaTable) table).beforeRewriteCommit = hook;
    }
}
