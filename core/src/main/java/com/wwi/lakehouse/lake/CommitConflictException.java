package com.wwi.lakehouse.lake;

/**
 * A commit lost against a concurrent commit that touched what it read or removed (for example a compaction
 * removed a file this rewrite also removes). Nothing of the failed commit is visible; retry from a fresh
 * snapshot.
 */
public class CommitConflictException extends LakeException {
    public CommitConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
