package com.wwi.lakehouse.silver;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.Layer;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.ingest.BronzeRebuild;
import com.wwi.lakehouse.lake.ExactlyOnce;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.wwi.lakehouse.lake.Column.of;

/**
 * Silver tweets: the Bronze tweets whose raw text carries a campaign hashtag ({@link CampaignFilter}), cleaned
 * ({@link TweetCleaner}), with {@code date = to_date(time)} in UTC and the model's {@code mlsentiment}, its
 * probability and the model version.
 *
 * <p>Exactly once per Bronze row: Silver commits under the same txn appId and version as the Bronze commit it
 * follows, so Silver's recorded version for an input tells which of its Bronze rows Silver holds. The Event Hub
 * path scores each batch right after its Bronze commit when Silver is in step with Bronze for that partition;
 * otherwise (after a crash between the two commits) it leaves the batch to {@link #catchUp}, which walks the Bronze
 * commits in order since its watermark and fills what is missing. Silver therefore converges to exactly the
 * filtered Bronze rows.
 */
public final class SilverStage {
    public static final String TABLE = "silver/twitter_historical_data";
    /** The catch-up's own txn: the Bronze version it has walked up to. */
    public static final String WATERMARK = "silver/catch-up/bronze";

    public static final TableSchema SCHEMA = Dataset.TWEETS.sourceSchema().plus(
            of("date", ColumnType.DATE).withComment("to_date(time), UTC"),
            of("mlsentiment", ColumnType.STRING).withComment("Positive, Negative or Neutral"),
            of("mlsentiment_score", ColumnType.DOUBLE).withComment("the model's P(positive)"),
            of("model_version", ColumnType.STRING),
            of("_source", ColumnType.STRING),
            of("_source_offset", ColumnType.LONG),
            of("_ingested_at", ColumnType.TIMESTAMP));

    public static final TableSpec SPEC = new TableSpec("silver.twitter_historical_data",
            "Silver: campaign tweets, cleaned as the lab does, scored for sentiment", SCHEMA, List.of(),
            // appended once per Event Hub batch, as Bronze tweets are: at 1,000 events/s in invocations of a few events,
            // a checkpoint every 10 commits wrote 60 GB of log in 10 minutes (BENCHMARKS.md, "End-to-end freshness")
            Map.of("wwi.layer", "silver", "delta.checkpointInterval", TableSpec.HIGH_FREQUENCY_CHECKPOINT_INTERVAL));

    /** The table as the graph declares it: scored from Bronze tweets, one Silver commit per Bronze txn. */
    public static final TableNode NODE = new TableNode(TABLE, Layer.SILVER, SCHEMA, List.of(), Follows.SCORED, -1,
            List.of(Dataset.TWEETS.bronzePath()), null);

    // columns by name: Bronze tweets in, Silver out (the source columns lead both, in the same order)
    private static final TableSchema BRONZE = Dataset.TWEETS.bronzeSchema();
    private static final int SOURCE_COLUMNS = Dataset.TWEETS.sourceSchema().size();
    private static final int B_TIME = BRONZE.position("time");
    private static final int B_TWEET = BRONZE.position("tweet");
    private static final int B_SOURCE = BRONZE.position("_source");
    private static final int B_SOURCE_OFFSET = BRONZE.position("_source_offset");
    private static final int TWEET = SCHEMA.position("tweet");
    private static final int DATE = SCHEMA.position("date");
    private static final int MLSENTIMENT = SCHEMA.position("mlsentiment");
    private static final int MLSENTIMENT_SCORE = SCHEMA.position("mlsentiment_score");
    private static final int MODEL_VERSION = SCHEMA.position("model_version");
    private static final int SOURCE = SCHEMA.position("_source");
    private static final int SOURCE_OFFSET = SCHEMA.position("_source_offset");
    private static final int INGESTED_AT = SCHEMA.position("_ingested_at");

    private final TableNode node;
    private final LakeTable bronze;
    private final LakeTable silver;
    private final SentimentScorer scorer;
    private final EventLog eventLog;
    private final Clock clock;

    /** The Silver stage of the lab's graph ({@link #NODE}). */
    public SilverStage(Lake lake, SentimentScorer scorer, EventLog eventLog, Clock clock) {
        this(lake, scorer, eventLog, clock, NODE);
    }

    /**
     * The Silver stage of a graph's scored table: its path and its one input (Bronze tweets) are the node's; the
     * schema is this stage's, which the node must declare.
     */
    public SilverStage(Lake lake, SentimentScorer scorer, EventLog eventLog, Clock clock, TableNode node) {
        if (node.follows() != Follows.SCORED || node.inputs().size() != 1 || !node.schema().equals(SCHEMA)) {
            throw new IllegalArgumentException(node.path() + ": the Silver stage scores one Bronze tweets table into "
                    + "a table of its own schema; the graph declares " + node.follows() + " from " + node.inputs());
        }
        this.node = node;
        this.bronze = lake.table(node.inputs().get(0));
        this.silver = lake.table(node.path());
        try {
            silver.createIfAbsent(node.path().equals(TABLE) ? SPEC : new TableSpec(node.path().replace('/', '.'),
                    node.description(), SCHEMA, node.partitionBy(), Map.of("wwi.layer", node.layer().label())));
        } catch (TableRefusedException e) {
            // a Silver table another engine upgraded fails each Silver run with the refusal; Bronze lands as usual
        }
        this.scorer = scorer;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    public LakeTable table() {
        return silver;
    }

    /** The graph's node of this table. */
    public TableNode node() {
        return node;
    }

    /**
     * Live path, right after a Bronze commit of {@code appId} at {@code version}: scores the batch when Silver is in
     * step (its recorded version equals {@code bronzeBefore}, Bronze's before this commit); returns false when it
     * left the batch to the catch-up.
     */
    public boolean afterBronzeCommit(String appId, long bronzeBefore, long version, List<Object[]> bronzeRows,
                                     List<Long> positions) {
        long silverRecorded = silver.txnVersion(appId).orElse(-1L);
        if (silverRecorded != bronzeBefore) {
            return false;
        }
        ExactlyOnce.commit(silver, appId, version, bronzeRows, positions, this::toSilver, true);
        return true;
    }

    /** Bronze tweet rows to Silver rows: filter, clean, score (one model call for the batch). */
    List<Object[]> toSilver(List<Object[]> bronzeRows) {
        return toSilver(bronzeRows, scorer);
    }

    private List<Object[]> toSilver(List<Object[]> bronzeRows, SentimentScorer scorer) {
        List<Object[]> kept = new ArrayList<>();
        List<String> cleaned = new ArrayList<>();
        for (Object[] b : bronzeRows) {
            if (CampaignFilter.matches((String) b[B_TWEET])) {
                kept.add(b);
                cleaned.add(TweetCleaner.clean((String) b[B_TWEET]));
            }
        }
        List<SentimentScorer.Score> scores = scorer.score(cleaned);
        Instant now = clock.instant();
        List<Object[]> out = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Object[] b = kept.get(i);
            Object[] r = new Object[SCHEMA.size()];
            System.arraycopy(b, 0, r, 0, SOURCE_COLUMNS);
            r[TWEET] = cleaned.get(i);
            r[DATE] = b[B_TIME] == null ? null : LocalDate.ofInstant((Instant) b[B_TIME], ZoneOffset.UTC);
            SentimentScorer.Score s = scores.get(i);
            r[MLSENTIMENT] = s.label().name();
            r[MLSENTIMENT_SCORE] = s.positiveProbability();
            r[MODEL_VERSION] = s.modelVersion();
            r[SOURCE] = b[B_SOURCE];
            r[SOURCE_OFFSET] = b[B_SOURCE_OFFSET];
            r[INGESTED_AT] = now;
            out.add(r);
        }
        return out;
    }

    /** Records each full refresh (a count), so the overwrite always has a txn of its own to commit. */
    public static final String FULL_REFRESH = "silver/full-refresh";

    /** Plans before a full refresh gives up: only a rival that is not a plain newer append costs one. */
    static final int REBUILD_ATTEMPTS = 8;

    /**
     * The full refresh: every Bronze tweet of one snapshot cleaned and scored again, replacing every Silver file in
     * one overwrite that records, for each Bronze appId, the version that snapshot holds (and the catch-up's
     * watermark at its version), so afterwards Silver holds exactly the filtered Bronze rows of that snapshot.
     *
     * <p>Safe beside the live path, the catch-up and maintenance: the overwrite is planned from one Silver version
     * and commits only on it ({@link LakeTable#overwrite}). When commits landed meanwhile and each is an append of
     * rows of Bronze commits newer than the snapshot (the live path scoring new batches), their files are kept and
     * the overwrite is tried again on the new version without scoring anything again; anything else (a catch-up of
     * an older Bronze commit, a compaction of a planned file) makes it plan again from fresh snapshots, scoring
     * only texts it has not scored yet. Gold follows on its next refresh: Silver's files were replaced, so each Gold
     * table of it is recomputed rather than merged.
     */
    public RunResult rebuild() {
        return rebuild(Progress.NONE);
    }

    /** As {@link #rebuild()}, telling {@code progress} of the tweets scored (the long part). */
    public RunResult rebuild(Progress progress) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.SILVER_REBUILD, started);
        run.table(node.path());
        run.source(node.inputs().get(0));
        Map<String, SentimentScorer.Score> scored = new HashMap<>();
        try {
            for (int attempt = 1; ; attempt++) {
                run.resetAttempt();
                try {
                    rebuildOnce(run, scored, progress);
                    if (attempt > 1) {
                        run.note("committed at plan " + attempt);
                    }
                    break;
                } catch (CommitConflictException e) {
                    if (attempt >= REBUILD_ATTEMPTS) {
                        throw new LakeException("gave up after " + attempt + " plans, each overtaken by a commit that"
                                + " was not a newer append (a catch-up or a compaction); run it again. Last: "
                                + e.getMessage(), e);
                    }
                }
            }
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return eventLog.finish(run, clock);
    }

    private void rebuildOnce(Run run, Map<String, SentimentScorer.Score> scored, Progress progress) {
        LakeTable.TableState s = silver.current(); // Silver first: what it covers is then within the Bronze read next
        LakeTable.TableState b = bronze.current();
        List<Object[]> rows = new ArrayList<>();
        bronze.scan(b.files(), rows::add);
        List<Object[]> out;
        try (Progress.Task task = progress.start("rebuild silver", rows.size(), "tweets")) {
            out = toSilver(rows, scored, task);
        }
        long readVersion = s.version();
        Map<String, Long> recorded = s.txns();
        for (int tries = 0; ; tries++) {
            List<Txn> txns = new ArrayList<>();
            for (Map.Entry<String, Long> e : b.txns().entrySet()) {
                long r = recorded.getOrDefault(e.getKey(), -1L);
                if (e.getValue() > r) {
                    txns.add(new Txn(e.getKey(), e.getValue(), r));
                }
            }
            long watermark = recorded.getOrDefault(WATERMARK, -1L);
            if (b.version() > watermark) {
                txns.add(new Txn(WATERMARK, b.version(), watermark));
            }
            long count = recorded.getOrDefault(FULL_REFRESH, -1L);
            txns.add(new Txn(FULL_REFRESH, count + 1, count));
            try {
                CommitResult r = silver.overwrite(readVersion, s.files(), out, txns, "WRITE");
                run.inputVersion(node.inputs().get(0), b.version());
                run.rowsIn(rows.size()).rowsWritten(r.rowsWritten()).tableVersion(r.version());
                run.status(RunStatus.COMMITTED);
                run.message("rebuilt from bronze version " + b.version() + ": " + rows.size() + " tweets read, "
                        + r.rowsWritten() + " kept, cleaned and scored; " + s.files().size() + " files replaced"
                        + (tries == 0 ? "" : " (kept " + tries + " round(s) of newer appends that landed meanwhile)"));
                return;
            } catch (CommitConflictException e) {
                LakeTable.TableState now = silver.current();
                if (tries >= 100 || !onlyNewerAppends(readVersion, now, b, s.files())) {
                    throw e;
                }
                readVersion = now.version();
                recorded = now.txns();
            }
        }
    }

    /**
     * Commits a Bronze commit carrying several txns to Silver in one commit with the same txns, unless Silver records
     * them (it always records all or none of them). Returns the rows written, or -1 when Silver had them.
     */
    private long commitTogether(LakeTable.Commit c, Run run) {
        List<String> appIds = c.txns().stream().map(Txn::appId).toList();
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> recorded = silver.txnVersions(appIds);
            if (c.txns().stream().allMatch(t -> recorded.getOrDefault(t.appId(), -1L) >= t.version())) {
                return -1;
            }
            List<Object[]> rows = new ArrayList<>();
            bronze.scan(c.added(), rows::add);
            if (attempt == 1) {
                run.addRowsIn(rows.size());
            }
            List<Txn> txns = c.txns().stream().map(t -> new Txn(t.appId(), t.version(), Txn.UNCHECKED)).toList();
            try {
                CommitResult result = silver.append(toSilver(rows), txns);
                return result.committed() ? result.rowsWritten() : -1;
            } catch (CommitConflictException e) {
                if (attempt >= 4) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether every commit after {@code readVersion} only appended rows of Bronze commits newer than the snapshot
     * the rebuild read ({@code bronzeTxns}): then keeping them beside the rebuilt rows neither loses nor doubles a
     * row (the catch-up's watermark counts when it moved past that snapshot; another full refresh never does). The
     * files the rebuild replaces must all still be there.
     */
    private boolean onlyNewerAppends(long readVersion, LakeTable.TableState now, LakeTable.TableState bronzeRead,
                                     List<DataFile> replaced) {
        if (!now.holdsAll(replaced)) {
            return false;
        }
        for (LakeTable.Commit c : silver.commitsBetween(readVersion, now.version())) {
            if (!c.inputAppend()) {
                return false;
            }
            for (Txn t : c.txns()) {
                long covered = t.appId().equals(WATERMARK) ? bronzeRead.version()
                        : t.appId().equals(FULL_REFRESH) ? Long.MAX_VALUE
                        : bronzeRead.txns().getOrDefault(t.appId(), -1L);
                if (t.version() <= covered) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #toSilver(List)} scoring only texts not in {@code scored}, and remembering the new ones there. */
    private List<Object[]> toSilver(List<Object[]> bronzeRows, Map<String, SentimentScorer.Score> scored,
                                    Progress.Task task) {
        SentimentScorer remembering = new SentimentScorer() {
            @Override
            public List<Score> score(List<String> texts) {
                List<String> missing = texts.stream().filter(t -> !scored.containsKey(t)).distinct().toList();
                task.step(texts.size() - missing.size());
                for (int i = 0; i < missing.size(); i += 1000) {
                    List<String> part = missing.subList(i, Math.min(missing.size(), i + 1000));
                    List<Score> s = scorer.score(part);
                    for (int k = 0; k < part.size(); k++) {
                        scored.put(part.get(k), s.get(k));
                    }
                    task.step(part.size());
                }
                return texts.stream().map(scored::get).toList();
            }

            @Override
            public String version() {
                return scorer.version();
            }
        };
        List<Object[]> out = toSilver(bronzeRows, remembering);
        task.step(bronzeRows.size() - out.size()); // those without a campaign hashtag: nothing to score
        return out;
    }

    /** Walks the Bronze commits since the watermark and commits to Silver whatever it is missing. */
    public RunResult catchUp() {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.SILVER, started);
        run.table(node.path());
        run.source(node.inputs().get(0));
        try {
            long watermark = silver.txnVersion(WATERMARK).orElse(-1L);
            long latest = bronze.version();
            run.inputVersion(node.inputs().get(0), latest);
            run.status(RunStatus.SKIPPED);
            List<Long> rebuilt = new ArrayList<>();
            for (LakeTable.Commit c : bronze.commitsBetween(watermark, latest)) {
                if (c.txns().stream().anyMatch(t -> t.appId().startsWith(BronzeRebuild.APP_ID_PREFIX))) {
                    // a Bronze rebuild rewrote rows Silver holds: the Silver rebuild that follows it replaces them
                    // (refresh runs it next; should it not have, refresh --full-refresh of Silver does)
                    rebuilt.add(c.version());
                    continue;
                }
                if (c.txns().size() > 1) {
                    // one input under several txns (a quarantine replay: one per record): its rows are committed to
                    // Silver together, under all of them, once
                    long written = commitTogether(c, run);
                    if (written >= 0) {
                        run.addRowsWritten(written);
                        run.status(RunStatus.COMMITTED);
                    }
                    continue;
                }
                for (Txn t : c.txns()) {
                    if (silver.txnVersion(t.appId()).orElse(-1L) >= t.version()) {
                        continue;
                    }
                    List<Object[]> rows = new ArrayList<>();
                    bronze.scan(c.added(), rows::add);
                    List<Long> positions = new ArrayList<>(rows.size());
                    boolean bySequence = t.appId().startsWith("eventhub/");
                    for (Object[] r : rows) {
                        positions.add(bySequence ? (Long) r[B_SOURCE_OFFSET] : t.version());
                    }
                    run.addRowsIn(rows.size());
                    CommitResult result = ExactlyOnce.commit(silver, t.appId(), t.version(), rows, positions,
                            this::toSilver, true);
                    run.addRowsWritten(result.rowsWritten());
                    run.status(RunStatus.COMMITTED);
                }
            }
            if (latest > watermark) {
                silver.append(List.of(), List.of(new Txn(WATERMARK, latest)));
            }
            run.tableVersion(silver.version());
            run.message("caught up to bronze version " + latest);
            if (!rebuilt.isEmpty()) {
                run.note("bronze version(s) " + rebuilt + " rebuilt Bronze from its files: left to the Silver rebuild"
                        + " that follows it (refresh --full-refresh " + node.path() + " if it did not)");
            }
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return eventLog.finish(run, clock);
    }
}
