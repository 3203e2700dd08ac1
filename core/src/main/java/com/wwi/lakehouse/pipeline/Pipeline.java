package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.gold.GoldRefresh;
import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.ingest.BronzeRebuild;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.ingest.QuarantineReplay;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.lake.storage.LakeStorage;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.maintenance.TableMaintenance;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.silver.SentimentScorer;
import com.wwi.lakehouse.silver.SilverStage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline: the lake, its system tables and its stages, for one lake root. Thread-safe; create one per
 * JVM (the function app keeps one in a lazily created holder, the local runner one per command).
 */
public final class Pipeline implements AutoCloseable {
    private final Settings settings;
    private final Lake lake;
    private final EventLog eventLog;
    private final BronzeIngest bronze;
    private final SilverStage silver;
    private final GoldRefresh gold;
    private final Clock clock;

    private final PipelineGraph graph;

    private Pipeline(Settings settings, Lake lake, Clock clock, SentimentScorer scorer, PipelineGraph graph) {
        this.graph = graph;
        this.settings = settings;
        this.lake = lake;
        this.eventLog = new EventLog(lake);
        this.bronze = new BronzeIngest(lake, eventLog, clock, settings.chunkRows(), graph);
        this.silver = scorer == null ? null : new SilverStage(lake, scorer, eventLog, clock, graph.tables().stream()
                .filter(t -> t.follows() == Follows.SCORED).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "the pipeline graph declares no scored (Silver) table, so no Silver stage can run")));
        this.gold = new GoldRefresh(lake, eventLog, clock, graph);
        this.clock = clock;
    }

    /**
     * Opens an existing lake to read it, creating nothing: for {@code status}, {@code verify} and other commands that
     * only look. Fails with "no lake at ..." when the location holds no table.
     */
    public static Lake openExisting(Settings settings) {
        DeltaLake lake;
        try {
            lake = DeltaLake.open(settings.lakeRoot(),
                    LakeStorage.hadoopConfiguration(settings.lakeRoot(), settings.storageSettings()),
                    settings.maxRowsPerFile());
        } catch (RuntimeException e) {
            throw new LakeException(Errors.cannotOpenLake(settings.lakeRoot(), e.getMessage()), e);
        }
        if (!lake.table(SystemTables.EVENT_LOG).exists() && lake.listTables().isEmpty()) {
            throw new LakeException(Errors.noLake(settings.lakeRoot()));
        }
        return lake;
    }

    /** Opens the Bronze part of the pipeline (no sentiment model: no Silver). */
    public static Pipeline open(Settings settings) {
        return open(settings, null);
    }

    /** Opens (and on first use creates) the pipeline's tables under the settings' lake root. */
    public static Pipeline open(Settings settings, SentimentScorer scorer) {
        return open(settings, scorer, LabGraph.GRAPH);
    }

    /** As {@link #open(Settings, SentimentScorer)}, for another graph (the lab's with a table of one's own, say). */
    public static Pipeline open(Settings settings, SentimentScorer scorer, PipelineGraph graph) {
        try {
            DeltaLake lake = DeltaLake.open(settings.lakeRoot(),
                    LakeStorage.hadoopConfiguration(settings.lakeRoot(), settings.storageSettings()),
                    settings.maxRowsPerFile());
            return new Pipeline(settings, lake, Clock.systemUTC(), scorer, graph.withDrift(settings.drift()));
        } catch (LakeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LakeException(Errors.cannotOpenLake(settings.lakeRoot(), e.getMessage()), e);
        }
    }

    public Settings settings() {
        return settings;
    }

    public Lake lake() {
        return lake;
    }

    /** The declared graph this pipeline runs. */
    public PipelineGraph graph() {
        return graph;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    public BronzeIngest bronze() {
        return bronze;
    }

    /**
     * One Event Hub batch through the pipeline: Bronze, then Silver right after the Bronze commit when Silver is in
     * step with Bronze for this partition (otherwise, or when scoring fails, the Silver catch-up timer scores it and
     * the run's message says so). Returns the Bronze run, which is what the event log records.
     */
    public RunResult ingestEvents(EventBatch batch) {
        return ingestEvents(batch, () -> { });
    }

    /** As {@link #ingestEvents(EventBatch)}, calling {@code afterBronze} once Bronze has committed or skipped. */
    public RunResult ingestEvents(EventBatch batch, Runnable afterBronze) {
        BronzeIngest.Landed landed = bronze.landEvents(batch);
        afterBronze.run();
        if (silver != null && landed.committed()) {
            try {
                if (!silver.afterBronzeCommit(landed.appId(), landed.bronzeBefore(), landed.version(), landed.rows(),
                        landed.positions())) {
                    landed.run().message("Silver left to the catch-up (it was not in step with Bronze for this"
                            + " partition)");
                }
            } catch (RuntimeException e) {
                // Bronze is committed; a Silver failure (the model, storage) must not make the host retry the batch
                // forever: the catch-up timer scores it, and reports its own failures
                landed.run().message("Silver left to the catch-up: " + e.getMessage());
            }
        }
        return bronze.finish(landed);
    }

    /**
     * What the timers do, now: the Silver catch-up, then the Gold refresh; the tables named in {@code fullRefresh}
     * (paths of the graph's Silver and Gold tables) are rebuilt from their inputs instead ({@link
     * SilverStage#rebuild}, {@link GoldRefresh#run(java.util.function.Predicate)}), in graph order, so what reads
     * them follows in the same run. One event-log row per table.
     *
     * @throws IllegalArgumentException naming a table that is not one a full refresh rebuilds, with those that are
     */
    public List<RunResult> refresh(Set<String> fullRefresh) {
        return refresh(fullRefresh, Progress.NONE);
    }

    /** As {@link #refresh(Set)}, telling {@code progress} of each table as it is done. */
    public List<RunResult> refresh(Set<String> fullRefresh, Progress progress) {
        return refresh(fullRefresh, progress, null);
    }

    /**
     * As {@link #refresh(Set, Progress)}, where {@code fullRefresh} may also name Bronze tables: each is rebuilt
     * first from its files in the {@code landed} stores and their archives ({@link BronzeRebuild}); Silver is then
     * rebuilt too when Bronze tweets was (its catch-up leaves a rebuild to it), and the Gold tables reading a rebuilt
     * table are recomputed by their refresh.
     *
     * @throws IllegalArgumentException as {@link #refresh(Set)}, or when a Bronze table is named and no store given
     */
    public List<RunResult> refresh(Set<String> fullRefresh, Progress progress, List<LandingStore> landed) {
        fullRefresh.forEach(t -> checkFullRefreshable(graph, t));
        List<Dataset> bronzeTables = graph.landings().stream().map(LandingNode::dataset)
                .filter(d -> fullRefresh.contains(d.bronzePath())).toList();
        if (!bronzeTables.isEmpty() && (landed == null || landed.isEmpty())) {
            throw new IllegalArgumentException("a full refresh of " + bronzeTables.get(0).bronzePath() + " reads its"
                    + " landed files: give the landing store");
        }
        boolean rebuildSilver = fullRefresh.contains(silverPath());
        if (silver == null && rebuildSilver) {
            throw new IllegalStateException("a full refresh of " + silverPath() + " needs the sentiment model; open"
                    + " the pipeline with one");
        }
        List<RunResult> runs = new ArrayList<>();
        BronzeRebuild rebuild = bronzeTables.isEmpty() ? null
                : new BronzeRebuild(lake, eventLog, clock, bronze, landed);
        for (Dataset d : bronzeTables) {
            RunResult r = rebuild.rebuild(d, progress);
            runs.add(r);
            String silverInput = silver == null ? null : silver.node().inputs().get(0);
            rebuildSilver |= r.status() == RunStatus.COMMITTED && d.bronzePath().equals(silverInput);
        }
        if (silver != null) { // a rebuild shows its own progress (the tweets it scores), one task at a time
            runs.add(rebuildSilver ? silver.rebuild(progress) : silver.catchUp());
        }
        try (Progress.Task task = progress.start("refresh gold", gold.tables().size(), "tables")) {
            runs.addAll(gold.run(fullRefresh::contains, r -> {
                task.note(r.table());
                task.step();
            }));
        }
        return runs;
    }

    /**
     * The tables of {@code graph} that {@link #refresh(Set)} can rebuild from their inputs: the Bronze tables (from
     * their landed files), the Silver and the Gold tables, in graph order.
     */
    public static List<String> fullRefreshable(PipelineGraph graph) {
        List<String> out = new ArrayList<>();
        graph.landings().forEach(n -> out.add(n.dataset().bronzePath()));
        out.add(silverPath(graph));
        graph.gold().forEach(n -> out.add(n.path()));
        return out;
    }

    /**
     * Returns {@code table} when a full refresh can rebuild it.
     *
     * @throws IllegalArgumentException saying why not (a system or unknown table) and which tables it can
     */
    public static String checkFullRefreshable(PipelineGraph graph, String table) {
        List<String> rebuildable = fullRefreshable(graph);
        if (!rebuildable.contains(table)) {
            throw new IllegalArgumentException(Errors.notFullRefreshable(table, graph.table(table)
                    .map(n -> n.layer().label()).orElse(null), rebuildable));
        }
        return table;
    }

    /** Whether {@code table} is a Bronze table of {@code graph} (a full refresh of it reads its landed files). */
    public static boolean isBronze(PipelineGraph graph, String table) {
        return graph.landings().stream().anyMatch(n -> n.dataset().bronzePath().equals(table));
    }

    private String silverPath() {
        return silverPath(graph);
    }

    private static String silverPath(PipelineGraph graph) {
        return graph.tables().stream().filter(n -> n.follows() == Follows.SCORED).map(TableNode::path).findFirst()
                .orElse(SilverStage.TABLE);
    }

    /** Replays of quarantined records into Bronze, {@code batch} records per Bronze commit. */
    public QuarantineReplay quarantineReplay(int batch) {
        return new QuarantineReplay(lake, eventLog, clock, graph, batch);
    }

    /** The Gold refresh (append, MERGE or recompute, table by table). */
    public GoldRefresh gold() {
        return gold;
    }

    /**
     * Table maintenance with the settings' options: compaction of small files up to the lake's rows-per-file cap,
     * VACUUM with the settings' retention ({@code LAKEHOUSE_VACUUM_RETENTION_HOURS}, 7 days by default), checkpoints.
     */
    public TableMaintenance maintenance() {
        return maintenance(MaintenanceOptions.defaults(settings.maxRowsPerFile())
                .withRetention(settings.vacuumRetention(), false));
    }

    /** Table maintenance with the given options (the CLI's {@code --retention-hours}, tests). */
    public TableMaintenance maintenance(MaintenanceOptions options) {
        return new TableMaintenance(lake, eventLog, clock, options, graph);
    }

    /** The Silver stage, or empty when the pipeline was opened without a sentiment model. */
    public Optional<SilverStage> silver() {
        return Optional.ofNullable(silver);
    }

    /** Flushes the event log, stops its background work and waits for queued checkpoints. */
    @Override
    public void close() {
        eventLog.close();
        DeltaLake.awaitBackgroundWork();
    }
}
