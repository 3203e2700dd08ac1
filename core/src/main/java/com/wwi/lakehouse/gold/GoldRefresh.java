package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings the Gold tables up to date, each in one commit that records, as a txn {@code gold/<table>}, the input
 * versions it was computed from (packed into one number), so a run with no new input commits nothing. A table is
 * maintained in one of three ways ({@link com.wwi.lakehouse.graph.Follows}, declared in the graph): appended with the input rows added since the consumed version,
 * MERGEd (sums by key, adding the aggregate of the added rows), or recomputed from its inputs at their new versions
 * with only the files that hold changed rows replaced. A commit that loses against a concurrent one (a compaction
 * removed a file the run read, another refresh got there first) is retried from a fresh snapshot, at most
 * {@link #MAX_ATTEMPTS} times, then reported as failed in the event log.
 */
public final class GoldRefresh {
    /** Attempts per table and run before a refresh that keeps losing commit races is reported as failed. */
    public static final int MAX_ATTEMPTS = 4;

    /** The appId of the txn that records the input versions a Gold table consumed. */
    static String appId(TableNode d) {
        return "gold/" + d.path();
    }

    private final List<TableNode> tables;
    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;

    /** The refresh of the graph's Gold tables ({@link PipelineGraph#gold}, each after its inputs). */
    public GoldRefresh(Lake lake, EventLog eventLog, Clock clock, PipelineGraph graph) {
        this.tables = graph.gold();
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    /** The table paths this refresh maintains, each after its inputs. */
    public List<String> tables() {
        return tables.stream().map(TableNode::path).toList();
    }

    /** Appends one input version to a packed txn version: at most two inputs, each below 2^31 versions. */
    static long pack(long packed, long version) {
        if (version >= (1L << 31)) {
            throw new IllegalStateException("input version " + version + " does not fit the Gold txn packing");
        }
        return packed * (1L << 31) + version;
    }

    /** The input versions a packed txn version holds, in input order. */
    static long[] unpack(long packed, int inputs) {
        long[] out = new long[inputs];
        for (int i = inputs - 1; i >= 0; i--) {
            out[i] = packed % (1L << 31);
            packed /= 1L << 31;
        }
        return out;
    }

    /**
     * MERGE for a table of sums by key: aggregates the input rows added since the consumed version, then rewrites only the Gold files holding a touched key, adding the new sums to the old,
     * and writes keys not seen before to a new file; one commit, conditional on the consumed version.
     */
    private static void merge(TableNode d, LakeTable gold, List<Object[]> rows, Optional<Long> consumed, Txn txn,
                              Run run) {
        run.rowsIn(rows.size());
        Map<List<Object>, Object[]> delta = new java.util.LinkedHashMap<>();
        if (!rows.isEmpty() || gold.files().isEmpty()) { // an empty table gets the aggregate of nothing (a null sum)
            for (Object[] r : d.compute().apply(List.of(rows))) {
                delta.put(java.util.Arrays.asList(r).subList(0, d.keys()), r);
            }
        }
        List<DataFile> touched = new ArrayList<>();
        List<Object[]> rewritten = new ArrayList<>();
        if (!delta.isEmpty()) {
            for (DataFile f : gold.files()) {
                List<Object[]> held = new ArrayList<>();
                gold.scan(List.of(f), held::add);
                boolean hit = false;
                for (Object[] r : held) {
                    hit |= delta.containsKey(java.util.Arrays.asList(r).subList(0, d.keys()));
                }
                if (hit) {
                    touched.add(f);
                    for (Object[] r : held) {
                        Object[] add = delta.remove(java.util.Arrays.asList(r).subList(0, d.keys()));
                        rewritten.add(add == null ? r : plus(r, add, d.keys()));
                    }
                }
            }
            rewritten.addAll(delta.values()); // keys seen for the first time
        }
        CommitResult r = touched.isEmpty() ? gold.append(rewritten, List.of(txn))
                : gold.rewrite(touched, rewritten, true, List.of(txn), "MERGE");
        run.rowsWritten(r.rowsWritten());
        run.tableVersion(r.version());
        run.message("merged the input added after version " + consumed.orElse(-1L) + ": rewrote " + touched.size()
                + " of the table's files");
    }

    /** Adds the sums of {@code b} to those of {@code a}; null is "no value yet", as Spark's sum of nothing. */
    static Object[] plus(Object[] a, Object[] b, int keys) {
        Object[] out = a.clone();
        for (int i = keys; i < a.length; i++) {
            out[i] = a[i] == null ? b[i] : b[i] == null ? a[i] : (Long) a[i] + (Long) b[i];
        }
        return out;
    }

    /** An input's current version; 0 (empty) when it does not exist yet. */
    private static long versionOf(LakeTable t) {
        return Math.max(0, t.exists() ? t.version() : 0);
    }

    /** The rows of {@code t} at {@code version}; none when the table does not exist or is at version 0 (empty). */
    static List<Object[]> readAt(LakeTable t, long version) {
        List<Object[]> rows = new ArrayList<>();
        if (t.exists() && version > 0) {
            t.scan(t.filesAt(version), rows::add);
        }
        return rows;
    }

    /**
     * The rows of the files the given commits of {@code t} added; compaction's rewrites (no data change) hold rows
     * already consumed and are left out.
     */
    static List<Object[]> added(LakeTable t, List<LakeTable.Commit> commits) {
        List<DataFile> files = new ArrayList<>();
        for (LakeTable.Commit c : commits) {
            for (DataFile f : c.added()) {
                if (f.dataChange()) {
                    files.add(f);
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        if (!files.isEmpty()) { // nothing to read, and the table may not exist yet
            t.scan(files, rows::add);
        }
        return rows;
    }

    /** Refreshes every Gold table whose inputs moved; one event log row per table refreshed. */
    public List<RunResult> run() {
        List<RunResult> runs = new ArrayList<>();
        for (TableNode d : tables) {
            runs.add(refresh(d));
        }
        return runs;
    }

    /**
     * Recomputes every Gold table from scratch, from its inputs at their current versions (each input version read
     * once and shared), and overwrites it whole, recording the versions: the full recompute that {@link #run}
     * avoids. For the benchmark's baseline and to repair a table {@code verify} reports as differing.
     */
    public List<RunResult> rebuild() {
        return rebuild(path -> true);
    }

    /**
     * As {@link #rebuild()}, for the tables whose path {@code which} accepts. Safe beside a running refresh or
     * compaction of the same table: the overwrite carries a txn conditional on the version recorded when it was
     * planned and removes exactly the files it planned with, so a commit that landed in between makes it lose
     * the race, and it plans again from a fresh snapshot (up to {@link #MAX_ATTEMPTS} times). When the inputs
     * have not moved since the table's last refresh, a refresh has nothing to commit unless they move meanwhile;
     * then it either appends only (which the overwrite keeps: the result is the recomputation at the newer
     * versions) or replaces files the overwrite planned to remove (which makes one of the two lose).
     */
    public List<RunResult> rebuild(java.util.function.Predicate<String> which) {
        Map<String, List<Object[]>> read = new java.util.HashMap<>();
        List<RunResult> runs = new ArrayList<>();
        for (TableNode d : tables) {
            if (!which.test(d.path())) {
                continue;
            }
            runs.add(runTable(d, Stage.GOLD_REBUILD, retrying("a refresh or a compaction", "run it again",
                    (gold, run) -> rebuildOnce(d, gold, run, read))));
        }
        return runs;
    }

    private void rebuildOnce(TableNode d, LakeTable gold, Run run, Map<String, List<Object[]>> read) {
        // what the table holds first, then the inputs: inputs only move forward, so packed >= consumed
        String appId = appId(d);
        long consumed = gold.txnVersion(appId).orElse(Txn.NONE);
        List<DataFile> planned = gold.files();
        long packed = 0;
        List<List<Object[]>> inputs = new ArrayList<>();
        for (String in : d.inputs()) {
            LakeTable t = lake.table(in);
            long v = versionOf(t);
            packed = pack(packed, v);
            run.inputVersion(in, v);
            inputs.add(read.computeIfAbsent(in + "@" + v, k -> readAt(t, v)));
            run.addRowsIn(inputs.get(inputs.size() - 1).size());
        }
        // a table that already records these versions keeps its txn (a txn at the same version would skip)
        List<Txn> txns = consumed >= packed ? List.of() : List.of(new Txn(appId, packed, consumed));
        CommitResult r = gold.rewrite(planned, d.compute().apply(inputs), true, txns, "WRITE");
        if (!r.committed()) { // a refresh recorded these inputs meanwhile, on top of what may be wrong: again
            throw new CommitConflictException("a refresh of " + d.path() + " recorded the same inputs meanwhile", null);
        }
        run.rowsWritten(r.rowsWritten());
        run.tableVersion(r.version());
        run.message("rebuilt from scratch");
    }

    private RunResult refresh(TableNode d) {
        return runTable(d, Stage.GOLD_REFRESH, retrying("a compaction or another refresh", "the next run retries",
                (gold, run) -> refreshOnce(d, gold, run)));
    }

    /**
     * {@code once}, tried again from a fresh snapshot each time it loses its commit to a concurrent one
     * ({@link CommitConflictException}), {@link #MAX_ATTEMPTS} times in all; then a failure naming the likely
     * {@code rivals} and what happens {@code then}.
     */
    private static java.util.function.BiConsumer<LakeTable, Run> retrying(
            String rivals, String then, java.util.function.BiConsumer<LakeTable, Run> once) {
        return (gold, run) -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    once.accept(gold, run);
                    if (attempt > 1) {
                        run.note("committed at attempt " + attempt + " after losing " + (attempt - 1)
                                + " commit race(s)");
                    }
                    return;
                } catch (CommitConflictException e) {
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new LakeException("gave up after " + attempt + " attempts, each losing its commit to a "
                                + "concurrent one (" + rivals + "); " + then + ". Last: " + e.getMessage(), e);
                    }
                    run.resetAttempt(); // a fresh snapshot next time round
                }
            }
        };
    }

    /** One table's run: creates the table if absent, runs {@code body}, records the outcome in the event log. */
    private RunResult runTable(TableNode d, Stage stage, java.util.function.BiConsumer<LakeTable, Run> body) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), stage, started);
        run.table(d.path());
        run.source(String.join(",", d.inputs()));
        try {
            LakeTable gold = lake.table(d.path());
            gold.createIfAbsent(new TableSpec(d.path().replace('/', '.'), d.description(), d.schema(), d.partitionBy(),
                    Map.of("wwi.layer", d.layer().label())));
            body.accept(gold, run);
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return eventLog.finish(run, clock);
    }

    /** One attempt: reads the inputs' current versions and the consumed ones, then appends, MERGEs or replaces. */
    private void refreshOnce(TableNode d, LakeTable gold, Run run) {
        long packed = 0;
        List<LakeTable> tables = new ArrayList<>();
        long[] versions = new long[d.inputs().size()];
        for (int i = 0; i < versions.length; i++) {
            LakeTable t = lake.table(d.inputs().get(i));
            tables.add(t);
            versions[i] = versionOf(t);
            packed = pack(packed, versions[i]);
            run.inputVersion(d.inputs().get(i), versions[i]);
        }
        String appId = appId(d);
        Optional<Long> consumed = gold.txnVersion(appId);
        if (consumed.orElse(-1L) >= packed) {
            run.status(RunStatus.SKIPPED);
            run.message("inputs unchanged");
            run.tableVersion(gold.version());
            return;
        }
        // every commit is conditional on the consumed version: a concurrent refresh that got there first fails it
        Txn txn = new Txn(appId, packed, consumed.orElse(Txn.NONE));
        Follows kind = d.follows();
        // an appended or MERGEd table reads only the input commits after the consumed version, up to the recorded one
        List<LakeTable.Commit> commits = kind == Follows.RECOMPUTE || !tables.get(0).exists() ? List.of()
                : tables.get(0).commitsBetween(consumed.orElse(-1L), packed);
        if (commits.stream().anyMatch(LakeTable.Commit::removedData)) {
            // rows were deleted or updated in the input: adding what was appended is no longer the whole change
            kind = Follows.RECOMPUTE;
        }
        switch (kind) {
            case SUMS -> merge(d, gold, added(tables.get(0), commits), consumed, txn, run);
            case APPEND -> {
                List<Object[]> rows = added(tables.get(0), commits);
                run.rowsIn(rows.size());
                CommitResult r = gold.append(d.compute().apply(List.of(rows)), List.of(txn));
                run.rowsWritten(r.rowsWritten());
                run.tableVersion(r.version());
                run.message("appended the input added after version " + consumed.orElse(-1L));
            }
            case RECOMPUTE -> {
                List<List<Object[]>> inputs = new ArrayList<>();
                for (int i = 0; i < tables.size(); i++) {
                    // read the snapshot whose version the txn records, not whatever arrived since
                    inputs.add(readAt(tables.get(i), versions[i]));
                    run.addRowsIn(inputs.get(i).size());
                }
                replaceChanged(gold, d.compute().apply(inputs), txn, run);
                if (kind != d.follows()) {
                    run.message("input rows were deleted or updated after version " + consumed.orElse(-1L)
                            + ", so the table was recomputed: " + run.message());
                }
            }
        }
    }

    /** Takes one {@code key} out of a multiset of counts; false when none is left. */
    private static boolean take(Map<List<Object>, Integer> multiset, List<Object> key) {
        Integer n = multiset.get(key);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            multiset.remove(key);
        } else {
            multiset.put(key, n - 1);
        }
        return true;
    }

    /**
     * Makes the table hold exactly {@code rows} (as a multiset), rewriting only what differs: a file whose rows are
     * all still wanted stays, a file holding a row no longer wanted is removed, and the wanted rows no kept file
     * holds go to new files. One commit; with nothing to change it records only the txn.
     */
    static void replaceChanged(LakeTable gold, List<Object[]> rows, Txn txn, Run run) {
        Map<List<Object>, Integer> wanted = new java.util.HashMap<>();
        for (Object[] r : rows) {
            wanted.merge(java.util.Arrays.asList(r), 1, Integer::sum);
        }
        List<DataFile> files = gold.files();
        List<DataFile> remove = new ArrayList<>();
        for (DataFile f : files) {
            List<Object[]> held = new ArrayList<>();
            gold.scan(List.of(f), held::add);
            List<List<Object>> taken = new ArrayList<>();
            boolean keep = true;
            for (Object[] r : held) {
                List<Object> key = java.util.Arrays.asList(r);
                if (!take(wanted, key)) {
                    keep = false;
                    break;
                }
                taken.add(key);
            }
            if (!keep) {
                taken.forEach(k -> wanted.merge(k, 1, Integer::sum)); // give back what this file took
                remove.add(f);
            }
        }
        List<Object[]> add = new ArrayList<>();
        for (Object[] r : rows) {
            if (take(wanted, java.util.Arrays.asList(r))) {
                add.add(r);
            }
        }
        CommitResult r = remove.isEmpty()
                ? gold.append(add, List.of(txn))
                : gold.rewrite(remove, add, true, List.of(txn), "MERGE");
        run.rowsWritten(r.rowsWritten());
        run.tableVersion(r.version());
        run.message("recomputed " + rows.size() + " rows: replaced " + remove.size() + " of " + files.size()
                + " files, wrote " + add.size() + " rows");
    }
}
