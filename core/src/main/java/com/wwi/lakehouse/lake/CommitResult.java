package com.wwi.lakehouse.lake;

import java.util.List;

/**
 * What a commit did.
 *
 * @param version      the table version committed, or the current version when nothing was committed
 * @param committed    false when the commit was skipped because every txn in it was already recorded
 * @param filesAdded   data files added
 * @param filesRemoved data files removed
 * @param rowsWritten  rows in the added files
 * @param bytesWritten bytes in the added files
 * @param attempts     how many times the commit was tried (Delta retries on non-conflicting concurrent commits)
 */
public record CommitResult(long version, boolean committed, List<DataFile> filesAdded, int filesRemoved,
                           long rowsWritten, long bytesWritten, int attempts) {
    public static CommitResult skipped(long version) {
        return new CommitResult(version, false, List.of(), 0, 0, 0, 1);
    }
}
