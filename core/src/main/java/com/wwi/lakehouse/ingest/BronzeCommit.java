package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.ExactlyOnce;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.runs.Run;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The last step: quarantine rows then Bronze rows, each committed exactly once under (appId, version). When there
 * are both, the quarantine's files are written on another thread while this one writes the Bronze files; the
 * quarantine commit waits until the Bronze files are written, and the Bronze commit waits for the quarantine commit
 * and is not made if it failed (so a crash at any point leaves what a crash between two sequential commits left:
 * uncommitted files, which VACUUM removes, and at most a quarantine commit whose Bronze commit the redelivery makes).
 * A Bronze row the lake cannot store ({@link RowRejectedException}: the last line of defence behind typing) is moved
 * to the quarantine with the lake's reason before anything is committed, and the rest is committed: one bad value
 * never fails a batch for ever.
 */
final class BronzeCommit {
    private final LakeTable quarantine;
    private final Clock clock;

    BronzeCommit(LakeTable quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.clock = clock;
    }

    /**
     * Commits {@code staged} and adds what was written to {@code run}.
     *
     * @param alwaysMarkBronze commit the Bronze txn even with no Bronze row (a file's last chunk, a batch)
     */
    void commit(LakeTable bronze, String appId, long version, Staged staged, Run run, boolean alwaysMarkBronze) {
        for (int moved = 0; ; moved++) {
            try {
                commitBoth(bronze, appId, version, staged, run, alwaysMarkBronze);
                return;
            } catch (RowRejectedException e) {
                if (moved >= staged.size() || !moveRejected(staged, e, clock, run)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Moves the staged Bronze row the lake refused to the quarantine with the lake's reason (kind {@code schema}), so
     * that the rest can be written. False when the row is not one of {@code staged}'s.
     */
    static boolean moveRejected(Staged staged, RowRejectedException e, Clock clock, Run run) {
        int i = staged.indexOfBronze(e.row());
        if (i < 0) {
            return false;
        }
        Object[] row = staged.bronze.remove(i);
        Object raw = staged.bronzeRaw.remove(i);
        long position = staged.bronzePos.remove(i);
        String text = raw instanceof String t ? t : BronzeIngest.decode((byte[]) raw);
        QuarantineRecord.Origin origin = new QuarantineRecord.Origin(staged.dataset.folder(),
                staged.layout.source(row), staged.layout.offset(row), clock.instant(), run.runId());
        staged.addQuarantine(QuarantineRecord.unstorable(origin, text, raw instanceof byte[] b ? b : null,
                e.reason()), position);
        return true;
    }

    private void commitBoth(LakeTable bronze, String appId, long version, Staged staged, Run run,
                            boolean alwaysMarkBronze) {
        boolean both = !staged.quarantine.isEmpty() && (!staged.bronze.isEmpty() || alwaysMarkBronze);
        List<Object[]> quarantineRows = staged.quarantineRows();
        if (!both) {
            if (!staged.quarantine.isEmpty()) {
                CommitResult q = ExactlyOnce.commit(quarantine, appId, version, quarantineRows, staged.quarantinePos,
                        r -> r, false);
                count(run, staged, q, null);
            }
            if (!staged.bronze.isEmpty() || alwaysMarkBronze) {
                CommitResult b = ExactlyOnce.commit(bronze, appId, version, staged.bronze, staged.bronzePos, r -> r,
                        true);
                count(run, staged, null, b);
            }
            return;
        }
        CompletableFuture<Void> bronzeWritten = new CompletableFuture<>();
        Future<CommitResult> q = Workers.POOL.submit(() -> ExactlyOnce.commit(quarantine, appId, version,
                quarantineRows, staged.quarantinePos, r -> r, false, bronzeWritten, null));
        CommitResult b;
        try {
            b = ExactlyOnce.commit(bronze, appId, version, staged.bronze, staged.bronzePos, r -> r, true, q,
                    bronzeWritten);
        } catch (RuntimeException e) {
            bronzeWritten.completeExceptionally(e);
            awaitQuietly(q); // never leave it running; when it was the cause, e says so already
            throw e;
        }
        CommitResult qr;
        try {
            qr = q.get(); // completed: the Bronze commit waited for it
        } catch (InterruptedException | ExecutionException e) {
            LakeTable.await(q);
            throw new IllegalStateException(e);
        }
        count(run, staged, qr, b);
    }

    /**
     * Adds what the commits wrote to the run; a staged row a commit did not write was committed meanwhile by a
     * concurrent delivery of the same input (the txn said so), so it counts as a duplicate: rows in = written +
     * quarantined + duplicate, whoever won.
     */
    private static void count(Run run, Staged staged, CommitResult quarantined, CommitResult bronze) {
        if (quarantined != null) {
            run.addRowsQuarantined(quarantined.rowsWritten());
            run.addRowsDuplicate(staged.quarantine.size() - quarantined.rowsWritten());
        }
        if (bronze != null) {
            run.addRowsWritten(bronze.rowsWritten());
            run.addRowsDuplicate(staged.bronze.size() - bronze.rowsWritten());
            run.tableVersion(bronze.version());
        }
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            LakeTable.await(f);
        } catch (RuntimeException ignored) {
            // the caller reports its own failure
        }
    }
}
