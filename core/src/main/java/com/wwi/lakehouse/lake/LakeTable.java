package com.wwi.lakehouse.lake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One Delta table. Implementations are thread-safe: several threads (or processes) may append at once;
 * each commit is atomic and either wholly visible or not at all.
 */
public interface LakeTable {

    /** Where the table lives (a URI). */
    String location();

    /** Whether a table (a Delta log with metadata) exists at {@link #location()}. */
    boolean exists();

    /**
     * Creates the table if absent. If it exists, checks the existing schema is compatible with the spec's
     * (same column names and types) and returns its version.
     */
    long createIfAbsent(TableSpec spec);

    /** The table's schema. */
    TableSchema schema();

    /**
     * Adds at the end of the table, in one metadata commit ({@code ADD COLUMNS}, as Spark's {@code ALTER TABLE ...
     * ADD COLUMNS}), those of {@code columns} (nullable) it does not have yet, matched by name ignoring case; the
     * table's rows read them as null. A column the table already has is left as it is, whatever its type (a type is
     * never changed). Writers adding columns at once race harmlessly: a commit that loses re-reads the schema and
     * adds what is still missing.
     *
     * @return the names this call added (empty when the table had them all: another writer may have added them)
     */
    List<String> addColumns(List<Column> columns);

    /** The table's partition columns. */
    List<String> partitionColumns();

    /** The Delta protocol as {@code (minReaderVersion, minWriterVersion)}, e.g. {@code (1, 2)}. */
    String protocol();

    /** The table's properties ({@code delta.*}, {@code wwi.*}). */
    Map<String, String> properties();

    /**
     * Why {@code use} of the table would be refused now (one line naming the table, the protocol features it needs
     * and what to do), or empty when the pipeline honours every feature that use meets. Reads only the log; for
     * {@code dry-run}, which reports what every stage would meet before it runs.
     */
    Optional<String> refusal(TableUse use);

    /** Latest committed version, or -1 when the table does not exist. */
    long version();

    /**
     * One snapshot's version, data files and txns (appId to version): what an overwrite plans from, read together so
     * that they agree. A table that does not exist yet is version -1 with neither.
     */
    record TableState(long version, List<DataFile> files, Map<String, Long> txns) {
        public TableState {
            files = List.copyOf(files);
            txns = Map.copyOf(txns);
        }

        /** Whether every one of {@code planned} is still a file of this snapshot (none was compacted or removed). */
        public boolean holdsAll(List<DataFile> planned) {
            Set<String> live = new HashSet<>();
            files.forEach(f -> live.add(f.path()));
            return planned.stream().allMatch(f -> live.contains(f.path()));
        }
    }

    /** The latest snapshot's version, files and txns ({@link TableState}). */
    TableState current();

    /**
     * Appends rows as new Parquet files (one per partition value, split at the target file size) in one commit.
     * When {@code txns} is not empty the commit records them; if every txn is already recorded at an equal or
     * higher version, nothing is written and a {@linkplain CommitResult#skipped skipped} result is returned.
     * A txn that is recorded for some appIds but not others is an error (a caller bug). If a concurrent commit
     * records one of the same appIds first, this throws {@link CommitConflictException} and commits nothing:
     * the caller re-reads {@link #txnVersion} and appends what is still new. Appends without txns never conflict.
     */
    CommitResult append(List<Object[]> rows, Collection<Txn> txns);

    /**
     * As {@link #append}, but the commit is made only once {@code before} has completed normally: the data files
     * may be written meanwhile (another thread can write another table's files at the same time). If
     * {@code before} failed (or the wait is interrupted) nothing is committed, the files are deleted and this
     * throws {@link LakeException}. For two commits whose order matters (quarantine, then Bronze).
     */
    default CommitResult appendAfter(List<Object[]> rows, Collection<Txn> txns, Future<?> before) {
        return appendAfter(rows, txns, before, null);
    }

    /**
     * As above, and {@code written} (when not null) is completed once every row of this append is known to be
     * storable — checked and taken by the file writer, only I/O left to fail — before waiting for {@code before}:
     * normally, or exceptionally with the reason (a {@link RowRejectedException} among others). So the commit that
     * must come first can itself wait until this one's rows cannot be refused any more, and neither is made when
     * one is.
     */
    CommitResult appendAfter(List<Object[]> rows, Collection<Txn> txns, Future<?> before,
                             CompletableFuture<Void> written);

    /** Waits for a commit that must come first; its failure becomes a {@link LakeException}. */
    static void await(Future<?> before) {
        if (before == null) {
            return;
        }
        try {
            before.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException("interrupted while waiting for the commit that must come first", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof LakeException le ? le : new LakeException("the commit that must come first failed: " + c, c);
        }
    }

    /** The last version recorded for an appId, if any. */
    Optional<Long> txnVersion(String appId);

    /**
     * The versions recorded for many appIds, read from one view of the log (one refresh, not one per appId); an appId
     * without a recorded version is left out.
     */
    default Map<String, Long> txnVersions(Collection<String> appIds) {
        Map<String, Long> out = new HashMap<>();
        for (String a : appIds) {
            txnVersion(a).ifPresent(v -> out.put(a, v));
        }
        return out;
    }

    /** Data files of the current snapshot. */
    List<DataFile> files();

    /** Data files of the snapshot at a version. */
    List<DataFile> filesAt(long version);

    /**
     * Data files added by commits after {@code sinceVersion} up to and including {@code toVersion}, in commit
     * order. With {@code dataChangeOnly}, files added by rewrites that changed no data (compaction) are left out.
     */
    List<DataFile> filesAddedBetween(long sinceVersion, long toVersion, boolean dataChangeOnly);

    /**
     * One commit's txns and the data files it added; {@code removedData} when it removed a file with a data change
     * (a delete or an update of rows, as opposed to a compaction).
     */
    record Commit(long version, List<Txn> txns, List<DataFile> added, boolean removedData) {
        /** An append of input under a txn: it removed no data (a stage consuming its input, not a rewrite). */
        public boolean inputAppend() {
            return !removedData && !txns.isEmpty();
        }
    }

    /** Commits after {@code sinceVersion} up to and including {@code toVersion}, in order. */
    List<Commit> commitsBetween(long sinceVersion, long toVersion);

    /** Reads all rows of the current snapshot. */
    default List<Object[]> readAll() {
        List<Object[]> out = new ArrayList<>();
        scan(files(), out::add);
        return out;
    }

    /** Streams the rows of the given files (in schema order, partition values filled in) to a consumer. */
    void scan(List<DataFile> files, Consumer<Object[]> sink);

    /**
     * As {@link #scan}, reading only the named columns: each row holds their values in that order (Parquet reads no
     * other column's pages).
     */
    void scan(List<DataFile> files, List<String> columns, Consumer<Object[]> sink);

    /**
     * Atomically removes {@code remove} and adds files holding {@code newRows}. Fails with
     * {@link CommitConflictException} if any file to remove is no longer in the table or is removed by a
     * concurrent commit; then no new file stays behind. {@code dataChange=false} marks a rewrite that keeps the
     * same rows (compaction), so streaming readers skip it.
     */
    CommitResult rewrite(List<DataFile> remove, List<Object[]> newRows, boolean dataChange, Collection<Txn> txns,
                         String operation);

    /**
     * As {@link #rewrite} with a data change, for a rewrite planned from the snapshot at {@code readVersion}: if any
     * commit landed after it, throws {@link CommitConflictException} naming the version and commits nothing (no new
     * file stays behind). The caller looks at what landed ({@link #commitsBetween}) and plans again.
     */
    CommitResult overwrite(long readVersion, List<DataFile> remove, List<Object[]> newRows, Collection<Txn> txns,
                           String operation);

    /**
     * Writes data files holding {@code rows} under the table without committing them, for a large {@link
     * #overwriteFiles} written a part at a time. Until committed they are in no snapshot (readers never see them);
     * {@link #discard} removes them when given up, VACUUM when their writer died.
     */
    List<DataFile> writeUncommitted(List<Object[]> rows);

    /**
     * As {@link #overwrite}, adding files {@link #writeUncommitted} wrote. They are kept when the commit fails, so
     * the caller may commit them on another plan, or {@link #discard} them.
     */
    CommitResult overwriteFiles(long readVersion, List<DataFile> remove, List<DataFile> add, Collection<Txn> txns,
                                String operation);

    /** Deletes files {@link #writeUncommitted} or {@link #mergeUncommitted} wrote and no commit added. */
    void discard(List<DataFile> uncommitted);

    /**
     * Merges {@code files} (two or more, all of one partition) into one new data file without decoding their rows:
     * their row groups are copied as they are and its statistics merged from theirs. Not committed (see
     * {@link #compactFiles}); empty, with nothing written, when they cannot be merged so (their file schemas
     * differ, one has no statistics, or they hold too many row groups to copy into one file): the caller then
     * rewrites their rows.
     */
    java.util.Optional<DataFile> mergeUncommitted(List<DataFile> files);

    /**
     * Commits a compaction of files written ahead ({@link #mergeUncommitted}): atomically removes {@code remove}
     * and adds {@code add}, both with dataChange=false, as {@link #rewrite} does. On {@link CommitConflictException}
     * the added files are kept for the caller to {@link #discard}.
     */
    CommitResult compactFiles(List<DataFile> remove, List<DataFile> add, String operation);

    /** Commits, newest first, at most {@code limit}. */
    List<HistoryEntry> history(int limit);

    /** Writes a checkpoint of the current version now (Delta also writes one every 10 commits). */
    void checkpoint();

    /** The version of the latest checkpoint ({@code _delta_log/_last_checkpoint}), or -1 when there is none. */
    long lastCheckpointVersion();

    /**
     * VACUUM: deletes the data files under the table's folder that the current snapshot does not reference, that
     * no commit at or after {@code cutoff} removed (those stay readable by time travel until the cutoff passes
     * them), and whose storage modification time is before {@code cutoff} (so the files of a commit still in
     * flight, written but not yet in the log, are never touched). {@code _delta_log} and other hidden names
     * ({@code _*}, {@code .*}, partition folders excepted) are left alone, and nothing is committed. Callers choose
     * the cutoff: deleting a removed file ends time travel to the versions that hold it.
     */
    VacuumResult vacuum(Instant cutoff);
}
