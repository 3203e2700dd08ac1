package com.wwi.lakehouse.maintenance;

import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bin-packing compaction of one table: per partition, when it holds at least {@code minSmallFiles} small files
 * (see {@link MaintenanceOptions}), they become as few files as the rows-per-file cap allows, oldest files first,
 * within the per-run budget; every partition of the plan goes into one commit. Files of one Parquet schema and of
 * {@link MaintenanceOptions#mergeFromBytes} on average are merged without decoding a row ({@link LakeTable#mergeUncommitted}: row groups copied, statistics merged, the row
 * count checked against the output's footer); otherwise (a column was added between them) their rows are read and
 * rewritten.
 *
 * <p>The commit is {@link LakeTable#rewrite} with {@code dataChange=false} on both the removes and the adds, so
 * readers of changes (the Gold refresh reads "files added since version v" with {@code dataChangeOnly}) skip it, and
 * with no txn, so the table's recorded txn versions stay as they are. The commit is recorded as delta-spark records a
 * compaction: operation {@code OPTIMIZE} with its predicate and zOrderBy parameters and numRemovedFiles, numAddedFiles
 * and bytes as metrics, so {@code DESCRIBE HISTORY} reads it as Spark's own. The rows written are exactly the rows read, checked against the files'
 * statistics before anything is committed. A commit that loses against a concurrent rewrite of one of the same
 * files ({@link CommitConflictException}, e.g. a Gold MERGE) leaves the table as the winner made it and is reported
 * as skipped: the next run plans again.
 */
public final class Compaction {
    /** The operation name recorded in the commit (delta-spark's). */
    public static final String OPERATION = "OPTIMIZE";

    /** What to compact: the files to replace, their rows and bytes, and how many files they become. */
    public record Plan(List<DataFile> files, long rows, long bytes, int partitions, int filesAfter) {
        public boolean isEmpty() {
            return files.isEmpty();
        }
    }

    /**
     * What a compaction did.
     *
     * @param filesRemoved  files replaced (0 when nothing was committed)
     * @param filesAdded    files written in their place
     * @param rows          rows rewritten
     * @param version       the version committed, or -1
     * @param skipped       why nothing was committed (null when something was)
     */
    public record Outcome(int filesRemoved, int filesAdded, long rows, long version, String skipped) {
        public boolean committed() {
            return skipped == null;
        }

        static Outcome skipped(String why) {
            return new Outcome(0, 0, 0, -1, why);
        }
    }

    private final MaintenanceOptions options;

    public Compaction(MaintenanceOptions options) {
        this.options = options;
    }

    /** Whether a file is small enough to compact (its stats must say how many rows it holds). */
    boolean isSmall(DataFile f) {
        return f.numRecords() >= 0 && f.sizeBytes() < options.smallFileBytes()
                && f.numRecords() < Math.max(1, options.targetRowsPerFile() / 2);
    }

    /** Plans a compaction of the given snapshot files within the per-run budget. */
    public Plan plan(List<DataFile> snapshot) {
        Map<String, List<DataFile>> byPartition = new TreeMap<>(); // a stable order across runs
        for (DataFile f : snapshot) {
            if (isSmall(f)) {
                byPartition.computeIfAbsent(new TreeMap<>(f.partitionValues()).toString(), k -> new ArrayList<>()).add(f);
            }
        }
        List<DataFile> chosen = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        int partitions = 0;
        int filesAfter = 0;
        for (List<DataFile> small : byPartition.values()) {
            if (small.size() < options.minSmallFiles()) {
                continue;
            }
            small.sort(Comparator.comparingLong(DataFile::modificationTime).thenComparing(DataFile::path));
            List<DataFile> bin = new ArrayList<>();
            long binRows = 0;
            long binBytes = 0;
            for (DataFile f : small) {
                if (chosen.size() + bin.size() >= options.maxFilesPerRun()
                        || bytes + binBytes + f.sizeBytes() > options.maxBytesPerRun()) {
                    break;
                }
                bin.add(f);
                binRows += f.numRecords();
                binBytes += f.sizeBytes();
            }
            int out = (int) ((binRows + options.targetRowsPerFile() - 1) / options.targetRowsPerFile());
            if (bin.size() < 2 || out >= bin.size()) {
                continue; // the budget left too little of this partition to gain anything
            }
            chosen.addAll(bin);
            rows += binRows;
            bytes += binBytes;
            partitions++;
            filesAfter += out;
        }
        return new Plan(List.copyOf(chosen), rows, bytes, partitions, filesAfter);
    }

    /**
     * The plan carried out without decoding a row ({@link LakeTable#mergeUncommitted}): per partition, its files in
     * plan order cut into runs of at most the rows-per-file cap, each run of two or more merged into one file, all in
     * one commit. Null when a run cannot be merged so (nothing is left written): the caller rewrites the rows.
     */
    private Outcome merged(LakeTable table, Plan plan) {
        if (plan.bytes() < (long) plan.files().size() * options.mergeFromBytes()) {
            return null; // tiny files: merging would keep their tiny row groups; their rows are few, so rewrite them
        }
        List<List<DataFile>> runs = mergeRuns(plan);
        List<DataFile> remove = new ArrayList<>();
        List<DataFile> written = new ArrayList<>();
        try {
            for (List<DataFile> run : runs) {
                if (run.size() < 2) {
                    continue; // a file alone stays as it is
                }
                java.util.Optional<DataFile> m = table.mergeUncommitted(run);
                if (m.isEmpty()) {
                    table.discard(written);
                    return null;
                }
                written.add(m.get());
                remove.addAll(run);
            }
            if (remove.isEmpty()) {
                return Outcome.skipped("no two small files of a partition fit in one file");
            }
            long rows = remove.stream().mapToLong(DataFile::numRecords).sum();
            CommitResult r = table.compactFiles(remove, written, OPERATION);
            return new Outcome(r.filesRemoved(), r.filesAdded().size(), rows, r.version(), null);
        } catch (CommitConflictException e) {
            table.discard(written);
            return Outcome.skipped("lost a race with a concurrent commit, nothing changed: " + e.getMessage());
        } catch (LakeException e) {
            table.discard(written);
            if (allLive(table, plan)) {
                throw e;
            }
            return Outcome.skipped("lost a race with a concurrent commit, nothing changed: a planned file was removed"
                    + " while it was being read");
        } catch (RuntimeException e) {
            table.discard(written);
            throw e;
        }
    }

    /**
     * The plan's files cut into the runs a merge makes a file of each: per partition, in plan order, at most the
     * rows-per-file cap each (a run of one file is left as it is).
     */
    public List<List<DataFile>> mergeRuns(Plan plan) {
        Map<String, List<DataFile>> byPartition = new TreeMap<>();
        for (DataFile f : plan.files()) {
            byPartition.computeIfAbsent(new TreeMap<>(f.partitionValues()).toString(), k -> new ArrayList<>()).add(f);
        }
        List<List<DataFile>> runs = new ArrayList<>();
        for (List<DataFile> files : byPartition.values()) {
            List<DataFile> run = new ArrayList<>();
            long runRows = 0;
            for (DataFile f : files) {
                if (!run.isEmpty() && runRows + f.numRecords() > options.targetRowsPerFile()) {
                    runs.add(run);
                    run = new ArrayList<>();
                    runRows = 0;
                }
                run.add(f);
                runRows += f.numRecords();
            }
            runs.add(run);
        }
        return runs;
    }

    /** Whether every planned file is still in the table (else a concurrent rewrite and a VACUUM removed it). */
    private static boolean allLive(LakeTable table, Plan plan) {
        Set<String> live = new HashSet<>();
        table.files().forEach(f -> live.add(f.path()));
        return plan.files().stream().allMatch(f -> live.contains(f.path()));
    }

    /** Plans from the current snapshot and commits the compaction, or says why nothing was committed. */
    public Outcome run(LakeTable table) {
        Plan plan = plan(table.files());
        if (plan.isEmpty()) {
            return Outcome.skipped("no partition has " + options.minSmallFiles() + " small files");
        }
        Outcome merged = merged(table, plan); // without decoding rows, when the files allow it
        if (merged != null) {
            return merged;
        }
        List<Object[]> rows = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, plan.rows()));
        try {
            table.scan(plan.files(), rows::add);
        } catch (LakeException e) {
            // a planned file can vanish if a concurrent rewrite removed it and a VACUUM deleted it since: a lost race;
            // a file the table still references and cannot be read is a real failure
            if (allLive(table, plan)) {
                throw e;
            }
            return Outcome.skipped("lost a race with a concurrent commit, nothing changed: a planned file was removed"
                    + " while it was being read");
        }
        if (rows.size() != plan.rows()) {
            throw new LakeException("compaction of " + table.location() + " read " + rows.size() + " rows from "
                    + plan.files().size() + " files whose statistics say " + plan.rows() + "; nothing committed");
        }
        try {
            CommitResult r = table.rewrite(plan.files(), rows, false, List.of(), OPERATION);
            if (r.rowsWritten() != plan.rows()) {
                throw new LakeException("compaction of " + table.location() + " committed version " + r.version()
                        + " with " + r.rowsWritten() + " rows written for " + plan.rows() + " read");
            }
            return new Outcome(r.filesRemoved(), r.filesAdded().size(), r.rowsWritten(), r.version(), null);
        } catch (CommitConflictException e) {
            return Outcome.skipped("lost a race with a concurrent commit, nothing changed: " + e.getMessage());
        }
    }
}
