package com.wwi.lakehouse.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Commits the rows of one input exactly once: each row has a position in its input (a sequence number, a chunk
 * version); the table's recorded txn version for the input's appId says which positions are already in; only the
 * rest are transformed and committed, under a txn conditional on that recorded version. A concurrent commit of
 * the same appId makes the commit fail, and it is planned again (bounded).
 */
public final class ExactlyOnce {
    static final int ATTEMPTS = 8;

    private ExactlyOnce() {
    }

    /**
     * @param transform turns the rows still to commit into table rows (identity for Bronze; clean and score for
     *                  Silver); called again on a retry
     * @param alwaysCommit commit the txn even when no row is left (so the table records that the input was seen)
     */
    public static CommitResult commit(LakeTable table, String appId, long version, List<Object[]> rows,
                                      List<Long> positions, UnaryOperator<List<Object[]>> transform,
                                      boolean alwaysCommit) {
        return commit(table, appId, version, rows, positions, transform, alwaysCommit, null, null);
    }

    /**
     * As above, committing only once {@code before} completed normally (its files are written meanwhile); when
     * it failed, nothing is committed and its failure is thrown. {@code written}, when not null, is completed as
     * {@link LakeTable#appendAfter(List, java.util.Collection, java.util.concurrent.Future,
     * java.util.concurrent.CompletableFuture)} says: once this commit's files are written (or could not be).
     */
    public static CommitResult commit(LakeTable table, String appId, long version, List<Object[]> rows,
                                      List<Long> positions, UnaryOperator<List<Object[]>> transform,
                                      boolean alwaysCommit, Future<?> before,
                                      CompletableFuture<Void> written) {
        try {
            return commitOnce(table, appId, version, rows, positions, transform, alwaysCommit, before, written);
        } catch (RuntimeException e) {
            if (written != null) {
                written.completeExceptionally(e); // nothing waits for files that will never be written
            }
            throw e;
        }
    }

    private static CommitResult commitOnce(LakeTable table, String appId, long version, List<Object[]> rows,
                                           List<Long> positions, UnaryOperator<List<Object[]>> transform,
                                           boolean alwaysCommit, Future<?> before,
                                           CompletableFuture<Void> written) {
        for (int attempt = 1; ; attempt++) {
            long recorded = table.txnVersion(appId).orElse(-1L);
            if (recorded >= version) {
                complete(written);
                LakeTable.await(before);
                return CommitResult.skipped(table.version());
            }
            List<Object[]> fresh = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                if (positions.get(i) > recorded) {
                    fresh.add(rows.get(i));
                }
            }
            if (fresh.isEmpty() && !alwaysCommit) {
                complete(written);
                LakeTable.await(before);
                return CommitResult.skipped(table.version());
            }
            try {
                return table.appendAfter(transform.apply(fresh), List.of(new Txn(appId, version, recorded)), before,
                        written);
            } catch (CommitConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void complete(CompletableFuture<Void> written) {
        if (written != null) {
            written.complete(null);
        }
    }
}
