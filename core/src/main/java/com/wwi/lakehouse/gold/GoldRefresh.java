package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.maintenance.Compaction;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.Stage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Brings the Gold tables up to date, each in one commit that records, as a txn {@code gold/<table>}, the input
 * versions it was computed from (packed into one number), so a run with no new input commits nothing. A table is
 * maintained in one of three ways (the {@code Follows} the graph declares): appended with the input rows added since the consumed version,
 * MERGEd (sums by key, adding the aggregate of the added rows), or recomputed from its inputs at their new versions
 * with only the files that hold changed rows replaced. A commit that loses against a concurrent one (a compaction
 * removed a file the run read, another refresh got there first) is retried from a fresh snapshot, at most
 * {@link #MAX_ATTEMPTS} times, then reported as failed in the event log.
 *
 * <p>Each attempt is planner, plan, writer, metrics: {@link GoldPlanner} decides from one snapshot what to commit
 * (an immutable {@link GoldPlan}: strategy, input versions, files to replace, rows to add), {@link GoldWriter} commits
 * it and records the run's metrics; this class picks the tables in graph order, retries lost races and ends the runs.
 */
public final class GoldRefresh {
    /** Attempts per table and run before a refresh that keeps losing commit races is reported as failed. */
    public static final int MAX_ATTEMPTS = 4;

    /** The appId of the txn that records the input versions a Gold table consumed. */
    public static String appId(TableNode d) {
        return "gold/" + d.path();
    }

    private final List<TableNode> tables;
    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final GoldPlanner planner;

    /** The refresh of the graph's Gold tables ({@link PipelineGraph#gold}, each after its inputs). */
    public GoldRefresh(Lake lake, EventLog eventLog, Clock clock, PipelineGraph graph) {
        this.tables = graph.gold();
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.planner = new GoldPlanner(lake);
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
    public static long[] unpack(long packed, int inputs) {
        long[] out = new long[inputs];
        for (int i = inputs - 1; i >= 0; i--) {
            out[i] = packed % (1L << 31);
            packed /= 1L << 31;
        }
        return out;
    }

    /** Adds the sums of {@code b} to those of {@code a}; null is "no value yet", as Spark's sum of nothing. */
    static Object[] plus(Object[] a, Object[] b, int keys) {
        Object[] out = a.clone();
        for (int i = keys; i < a.length; i++) {
            out[i] = a[i] == null ? b[i] : b[i] == null ? a[i] : (Long) a[i] + (Long) b[i];
        }
        return out;
    }

    /** Refreshes every Gold table whose inputs moved; one event log row per table refreshed. */
    public List<RunResult> run() {
        return run(path -> false);
    }

    /**
     * The refresh with a full refresh of the tables {@code fullRefresh} accepts ({@code refresh --full-refresh}):
     * table by table in graph order, those rebuilt from their inputs as {@link #rebuild(Predicate)} does, the
     * others refreshed incrementally, so a table downstream of a rebuilt one follows it in the same run.
     */
    public List<RunResult> run(Predicate<String> fullRefresh) {
        return run(fullRefresh, r -> { });
    }

    /** As {@link #run(Predicate)}, handing each table's run to {@code done} as it ends (for progress). */
    public List<RunResult> run(Predicate<String> fullRefresh, Consumer<RunResult> done) {
        Map<String, List<Object[]>> read = new HashMap<>();
        List<RunResult> runs = new ArrayList<>();
        for (TableNode d : tables) {
            RunResult r = fullRefresh.test(d.path()) ? rebuild(d, read) : refresh(d);
            done.accept(r);
            runs.add(r);
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
    public List<RunResult> rebuild(Predicate<String> which) {
        Map<String, List<Object[]>> read = new HashMap<>();
        List<RunResult> runs = new ArrayList<>();
        for (TableNode d : tables) {
            if (which.test(d.path())) {
                runs.add(rebuild(d, read));
            }
        }
        return runs;
    }

    private RunResult rebuild(TableNode d, Map<String, List<Object[]>> read) {
        return runTable(d, Stage.GOLD_REBUILD, retrying("a refresh or a compaction", "run it again",
                (gold, run) -> rebuildOnce(d, gold, run, read)));
    }

    private void rebuildOnce(TableNode d, LakeTable gold, Run run, Map<String, List<Object[]>> read) {
        GoldPlan plan = planner.rebuild(d, gold, read);
        CommitResult r = GoldWriter.write(gold, plan);
        if (!r.committed()) { // a refresh recorded these inputs meanwhile, on top of what may be wrong: again
            throw new CommitConflictException("a refresh of " + d.path() + " recorded the same inputs meanwhile", null);
        }
        GoldWriter.record(plan, r, run);
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
    private static BiConsumer<LakeTable, Run> retrying(
            String rivals, String then, BiConsumer<LakeTable, Run> once) {
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
    private RunResult runTable(TableNode d, Stage stage, BiConsumer<LakeTable, Run> body) {
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

    /**
     * One attempt: plan from the current snapshot, commit the plan, record what it did; then, for a partitioned table,
     * {@link #autoCompact}.
     */
    private void refreshOnce(TableNode d, LakeTable gold, Run run) {
        GoldPlan plan = planner.refresh(d, gold);
        CommitResult r = plan.skipped() ? null : GoldWriter.write(gold, plan);
        GoldWriter.record(plan, r, run);
        if (r != null && r.committed() && !d.partitionBy().isEmpty()) {
            autoCompact(gold, run);
        }
    }

    /**
     * Auto compaction, as Delta's {@code autoCompact}: right after a commit to a partitioned table, every partition
     * holding two or more small files has them compacted, in a commit of its own without data change (readers of
     * changes skip it, txns stay). An append writes a file into each partition it touches, so a table partitioned by
     * date would otherwise gain a small file per partition per refresh until maintenance caught up; this keeps it
     * near one per partition. Never fails the refresh: a compaction that loses a race, or fails, is noted and left to
     * the next refresh or to maintenance.
     */
    private static void autoCompact(LakeTable gold, Run run) {
        try {
            Compaction.Outcome o = new Compaction(AUTO_COMPACT).run(gold);
            if (o.committed()) {
                run.note("auto compaction: " + o.filesRemoved() + " small files into " + o.filesAdded());
            }
        } catch (RuntimeException e) {
            run.note("auto compaction left to maintenance: " + e.getMessage());
        }
    }

    /** Small as maintenance says (below 8 MiB), two of them in a partition are enough, bounded as a maintenance run. */
    static final MaintenanceOptions AUTO_COMPACT = MaintenanceOptions.defaults(Long.MAX_VALUE / 4)
            .withCompaction(8L << 20, 2, 500, 32L << 20);

    /** What a refresh of the table at {@code path} would commit now, writing nothing (a dry run). */
    public GoldPlan plan(String path) {
        TableNode d = tables.stream().filter(t -> t.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Errors.noGoldTable(path, tables())));
        return planner.refresh(d, lake.table(path));
    }
}
