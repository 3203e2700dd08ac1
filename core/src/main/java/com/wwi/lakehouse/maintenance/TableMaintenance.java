package com.wwi.lakehouse.maintenance;

import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.VacuumResult;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Maintains every table of the lake, one after the other: compaction of small files ({@link Compaction}), then
 * VACUUM of unreferenced data files older than the retention ({@link LakeTable#vacuum}), then a checkpoint when the
 * compaction committed or the log is {@code checkpointEvery} commits past the last checkpoint (the append path
 * already writes one every 10 commits in the background; this catches a checkpoint that failed and makes the
 * compacted snapshot the one new readers start from). Each step of each table runs on its own: a failure is
 * recorded in that table's event log row (status {@code failed}) and the next step and the next tables still run.
 * A compaction that loses a race is not a failure ({@code skipped}). Tables are visited in path order; after the
 * time budget, the remaining ones are left to the next run.
 */
public final class TableMaintenance {
    public static final String STAGE = Stage.MAINTENANCE.label();

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final MaintenanceOptions options;
    private final Compaction compaction;
    private final PipelineGraph graph;

    public TableMaintenance(Lake lake, EventLog eventLog, Clock clock, MaintenanceOptions options) {
        this(lake, eventLog, clock, options, null);
    }

    /**
     * Maintenance of a lake the {@code graph} describes: every table of the lake is still visited (one the graph no
     * longer declares still needs VACUUM), and the run of a table the graph does not declare says so.
     */
    public TableMaintenance(Lake lake, EventLog eventLog, Clock clock, MaintenanceOptions options,
                            PipelineGraph graph) {
        this.graph = graph;
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.options = options;
        this.compaction = new Compaction(options);
    }

    public MaintenanceOptions options() {
        return options;
    }

    /** Maintains every table under the lake root; one report (and one event log row) per table visited. */
    public List<TableReport> run() {
        return run(Progress.NONE);
    }

    /** The same, telling {@code progress} of each table done. */
    public List<TableReport> run(Progress progress) {
        Instant started = clock.instant();
        List<TableReport> out = new ArrayList<>();
        List<String> tables = lake.listTables();
        try (Progress.Task task = progress.start("maintain", tables.size(), "tables")) {
            for (String table : tables) {
                if (clock.instant().isAfter(started.plus(options.timeBudget()))) {
                    break; // the rest waits for the next run
                }
                task.note(table);
                out.add(maintain(table));
                task.step();
            }
        }
        return out;
    }

    /** Maintains one table (a path relative to the lake root). */
    public TableReport maintain(String path) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.MAINTENANCE, started);
        run.table(path);
        run.source(path);
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        LakeTable t = lake.table(path);
        try {
            t.version();
        } catch (TableRefusedException e) {
            // a table another engine upgraded past what we honour: refused whole, nothing touched; the others go on
            run.status(RunStatus.FAILED);
            run.message(e.getMessage());
            return refused(path, -1, run, e);
        }
        int before = -1;
        Compaction.Outcome compacted = Compaction.Outcome.skipped("not run");
        try {
            before = t.files().size();
            compacted = compactAll(t, started);
            if (compacted.committed()) {
                run.rowsIn(compacted.rows());
                run.rowsWritten(compacted.rows());
                notes.add("compacted " + compacted.filesRemoved() + " small files into " + compacted.filesAdded()
                        + " at version " + compacted.version());
            } else {
                notes.add("compaction skipped: " + compacted.skipped());
            }
        } catch (TableRefusedException e) {
            return refused(path, before, run, e); // a feature forbids rewriting it: VACUUM and checkpoints too
        } catch (RuntimeException e) {
            errors.add("compaction failed: " + e.getMessage());
        }
        VacuumResult vacuumed = new VacuumResult(List.of(), 0, 0);
        try {
            vacuumed = t.vacuum(clock.instant().minus(options.retention()));
            notes.add("vacuumed " + vacuumed.filesDeleted() + " files, " + vacuumed.bytesFreed() + " bytes, older than "
                    + MaintenanceOptions.hours(options.retention()) + " h"
                    + (vacuumed.kept() > 0 ? " (" + vacuumed.kept() + " unreferenced files within the retention kept)" : ""));
        } catch (RuntimeException e) {
            errors.add("vacuum failed: " + e.getMessage());
        }
        long checkpoint = -1;
        try {
            long version = t.version();
            long last = t.lastCheckpointVersion();
            if (version > last && (compacted.committed() || version - Math.max(0, last) >= options.checkpointEvery())) {
                t.checkpoint();
                checkpoint = version;
                notes.add("checkpoint at " + version);
            }
            run.tableVersion(version);
        } catch (RuntimeException e) {
            errors.add("checkpoint failed: " + e.getMessage());
        }
        int after = -1;
        try {
            after = t.files().size();
        } catch (RuntimeException e) {
            errors.add("cannot list the files after maintenance: " + e.getMessage());
        }
        run.status(!errors.isEmpty() ? RunStatus.FAILED : compacted.committed() ? RunStatus.COMMITTED : RunStatus.SKIPPED);
        if (graph != null && graph.table(path).isEmpty()) {
            notes.add("not declared in the pipeline graph");
        }
        String summary = "files " + before + " -> " + after + "; " + String.join("; ", notes);
        run.message(errors.isEmpty() ? summary : String.join("; ", errors) + " | " + summary);
        return new TableReport(path, before, after, compacted.filesRemoved(), compacted.filesAdded(),
                vacuumed.filesDeleted(), vacuumed.bytesFreed(), checkpoint, eventLog.finish(run, clock));
    }

    /**
     * Compaction passes, each within the per-run bounds (files, bytes), one after another while the last committed
     * and this table has used less than a quarter of the run's time budget: a table that gains small files faster
     * than one pass compacts (Bronze tweets, a file per Event Hub batch) is brought back each run, not left growing.
     * Returns the passes together (the last version committed), or the first pass's outcome when none committed.
     */
    private Compaction.Outcome compactAll(LakeTable t, Instant started) {
        Compaction.Outcome first = compaction.run(t);
        if (!first.committed()) {
            return first;
        }
        int removed = first.filesRemoved();
        int added = first.filesAdded();
        long rows = first.rows();
        long version = first.version();
        Instant until = started.plus(options.timeBudget().dividedBy(4));
        for (int pass = 2; pass <= MAX_PASSES && clock.instant().isBefore(until); pass++) {
            Compaction.Outcome o = compaction.run(t);
            if (!o.committed()) {
                break;
            }
            removed += o.filesRemoved();
            added += o.filesAdded();
            rows += o.rows();
            version = o.version();
        }
        return new Compaction.Outcome(removed, added, rows, version, null);
    }

    /** Compaction passes per table per run at most (each bounded by the per-run files and bytes). */
    static final int MAX_PASSES = 50;

    /** A table refused whole (another engine upgraded it): nothing touched, one failed run saying why. */
    private TableReport refused(String path, int files, Run run, TableRefusedException e) {
        run.status(RunStatus.FAILED);
        run.message(e.getMessage());
        return new TableReport(path, files, files, 0, 0, 0, 0, -1, eventLog.finish(run, clock));
    }
}
