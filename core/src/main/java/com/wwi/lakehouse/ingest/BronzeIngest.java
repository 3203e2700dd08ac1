package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.ExactlyOnce;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lands files and Event Hub batches in Bronze, exactly once, with bad records in quarantine.
 *
 * <p>Exactly once: every commit carries a Delta txn. For an Event Hub partition the appId is
 * {@link EventBatch#appId()} and the version the highest sequence number committed; events at or below the
 * recorded version are duplicates of an earlier delivery and are skipped. For a file the appId is a hash of its
 * path and ETag; a file is committed in chunks of {@code chunkRows} records whose versions are the chunk index,
 * the last one marked with {@link #FINAL}, so that a crash mid-file resumes after the last committed chunk and
 * a finished file is skipped without being read. Quarantine rows are committed first, with the same appId in
 * the quarantine table, then the Bronze rows: each table filters by its own recorded version, so a crash between
 * the two commits is healed by the redelivery.
 *
 * <p>The steps, each in its own class: {@link EventDedup} (against the txn), {@link BatchParser} (parallel parse and
 * typing by {@link Typer}), {@link ExpectationCheck}, {@link QuarantineRecord} (typed, one named constructor per
 * reason), {@link BronzeRow} (the lineage columns by name), and {@link BronzeCommit} (the ordered two-table commit).
 * This class reads the graph's landings and runs the steps in order.
 *
 * <p>Schema drift: records are typed against the Bronze table's schema as it is (the dataset's columns, then any it
 * gained); a field no column takes is rescued, quarantined, or (policy {@code evolve}) added to the table as a column
 * before its record is staged, one metadata commit and one {@code evolved} event-log row. DESIGN.md, "Schema drift".
 *
 * <p>Accounting: every record read is a Bronze row, a quarantined row, or a duplicate of an earlier delivery.
 * Blank lines in files are not records.
 */
public final class BronzeIngest {
    /** Bit set in the txn version of a file's last chunk. */
    public static final long FINAL = 1L << 40;
    public static final int DEFAULT_CHUNK_ROWS = 250_000;

    /**
     * What a landing's records are typed by and laid out in: made from its Bronze table's schema (the dataset's, with
     * any columns the table gained at its end). Records typed by one shape are laid out by the same shape.
     */
    private record Shape(TableSchema table, Typer typer, BronzeRow layout) {
        static Shape of(Dataset d, TableSchema table, Drift drift) {
            Typer t = new Typer(d, table, drift);
            return new Shape(table, t, new BronzeRow(table, t));
        }
    }

    /** A landing of the graph with what its records go through. */
    private static final class Landing {
        final Dataset dataset;
        final Drift drift;
        final ExpectationCheck expectations;
        private volatile Shape shape;

        Landing(Dataset dataset, Drift drift, ExpectationCheck expectations, TableSchema table) {
            this.dataset = dataset;
            this.drift = drift;
            this.expectations = expectations;
            this.shape = Shape.of(dataset, table, drift);
        }

        Dataset dataset() {
            return dataset;
        }

        ExpectationCheck expectations() {
            return expectations;
        }

        Shape shape() {
            return shape;
        }

        /** The shape of the table's schema now: the same one, or a new one when the table gained columns. */
        Shape follow(TableSchema table) {
            Shape s = shape;
            if (!s.table().equals(table)) {
                s = Shape.of(dataset, table, drift);
                shape = s;
            }
            followedAt = System.nanoTime();
            return s;
        }

        /**
         * As {@link #follow}, reading the table's schema at most every {@link #FOLLOW_EVERY_NANOS} (a storage probe
         * per look): for Event Hub batches, which come many a second. A column another writer added meanwhile is
         * met by {@code evolve} at once, and by the other policies within that time.
         */
        Shape followLazily(LakeTable bronze) {
            return System.nanoTime() - followedAt < FOLLOW_EVERY_NANOS ? shape : follow(bronze.schema());
        }

        private volatile long followedAt = System.nanoTime() - FOLLOW_EVERY_NANOS;

        Staged staged() {
            return new Staged(dataset, shape.layout());
        }
    }

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final int chunkRows;
    /** The graph's landings by folder. */
    private final Map<String, Landing> landings = new LinkedHashMap<>();
    private final LakeTable quarantine;
    private final BronzeCommit commit;

    /** The landings of {@code graph}: their Bronze tables and the quarantine are created when absent. */
    public BronzeIngest(Lake lake, EventLog eventLog, Clock clock, int chunkRows, PipelineGraph graph) {
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.chunkRows = chunkRows;
        for (LandingNode n : graph.landings()) {
            Dataset d = n.dataset();
            TableSchema table = d.bronzeSchema();
            try {
                LakeTable bronze = lake.table(d.bronzePath());
                bronze.createIfAbsent(d.bronzeSpec());
                table = bronze.schema(); // with the columns it gained (evolve, or another engine's ADD COLUMNS)
            } catch (TableRefusedException e) {
                // a table another engine upgraded stops only its own landing: each file or batch for it then fails
                // with the refusal and stays where it is, the other datasets land as usual
            }
            landings.put(d.folder(), new Landing(d, n.drift(), new ExpectationCheck(n.expectations()), table));
        }
        quarantine = lake.table(SystemTables.QUARANTINE);
        quarantine.createIfAbsent(SystemTables.QUARANTINE_SPEC);
        commit = new BronzeCommit(quarantine, clock);
    }

    /** Every dataset as the lab declares it. */
    public BronzeIngest(Lake lake, EventLog eventLog, Clock clock, int chunkRows) {
        this(lake, eventLog, clock, chunkRows, Dataset::expectations);
    }

    /** Every dataset, with the expectations of each given (tests, and users who declare their own). */
    public BronzeIngest(Lake lake, EventLog eventLog, Clock clock, int chunkRows,
                        Function<Dataset, List<Expectation>> expectations) {
        this(lake, eventLog, clock, chunkRows, PipelineGraph.of(List.of(Dataset.values()).stream()
                .map(d -> new LandingNode(d, expectations.apply(d), LandingNode.Drift.RESCUE)).toList(), List.of()));
    }

    private Landing tweets() {
        Landing l = landings.get(Dataset.TWEETS.folder());
        if (l == null) {
            throw new IllegalStateException("the pipeline graph declares no " + Dataset.TWEETS.folder()
                    + " landing, so Event Hub batches have no Bronze table");
        }
        return l;
    }

    // ------------------------------------------------------------------ files

    /**
     * Lands one file. Returns the run record (also appended to the event log): status {@code committed},
     * {@code skipped} (this path and ETag were landed before), {@code empty} (no records), {@code rejected} (the
     * whole file is unusable: unknown folder, bad name, binary, wrong header; nothing committed) or
     * {@code failed} (an I/O or commit error, or a FAIL expectation; the message says which).
     */
    public RunResult ingestFile(LandedFile file) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.BRONZE_FILE, started);
        run.source("landing/" + file.path());
        try {
            ingestFile(file, run);
            settle(run);
        } catch (IOException | RuntimeException e) {
            run.failed(e instanceof IOException ? "cannot read " + file.path() + ": " + e.getMessage() : e.getMessage());
        }
        return eventLog.finish(run, clock);
    }

    private void ingestFile(LandedFile file, Run run) throws IOException {
        Landing landing = landingOf(file, run);
        if (landing == null) {
            return;
        }
        Dataset dataset = landing.dataset();
        LakeTable bronze = lake.table(dataset.bronzePath());
        run.table(dataset.bronzePath());
        String appId = fileAppId(dataset, file);
        long recorded = bronze.txnVersion(appId).orElse(-1L);
        if (recorded >= FINAL) {
            run.status(RunStatus.SKIPPED);
            run.message("already landed (same path and ETag)");
            run.tableVersion(bronze.version());
            return;
        }
        readFile(landing, bronze, file, run,
                (version, staged, last) -> commit.commit(bronze, appId, version, staged, run, last));
    }

    /** The txn appId of a landed file: its dataset folder and a hash of its path and content hash (ETag). */
    static String fileAppId(Dataset dataset, LandedFile file) {
        return FILE_APP_ID_PREFIX + dataset.folder() + "/" + sha256(file.path() + "\n" + file.etag());
    }

    /** The prefix of every landed file's txn appId ({@code landing/<folder>/<hash>}). */
    public static final String FILE_APP_ID_PREFIX = "landing/";

    /** The landing a file's path names, or null with {@code run} rejected saying why (a bad path, an unknown folder). */
    private Landing landingOf(LandedFile file, Run run) {
        String problem = LandingPaths.problem(file.path());
        if (problem != null) {
            reject(run, problem);
            return null;
        }
        String folder = file.path().substring(0, file.path().indexOf('/'));
        Dataset known = Dataset.byFolder(folder).orElse(null);
        Landing landing = known == null ? null : landings.get(known.folder());
        if (landing == null) {
            reject(run, Errors.unknownDatasetFolder(folder, landings.keySet()));
        }
        return landing;
    }

    /** Where a file's records go, one chunk at a time: committed when landing, kept when rebuilding. */
    @FunctionalInterface
    private interface Chunks {
        /** {@code version}: the chunk's index, with {@link #FINAL} set on the last; {@code staged} may be empty. */
        void accept(long version, Staged staged, boolean last);
    }

    /**
     * Reads a file's records through today's parsing, typing and expectations into {@code chunks}, counting them in
     * {@code run}; a whole-file problem (a bad header) leaves the run rejected with nothing passed on.
     */
    private void readFile(Landing landing, LakeTable bronze, LandedFile file, Run run, Chunks chunks)
            throws IOException {
        Dataset dataset = landing.dataset();
        Instant ingestedAt = clock.instant();
        Shape shape = landing.follow(bronze.schema());
        try (InputStream in = file.opener().open(); LineReader lines = new LineReader(in)) {
            FileRecords records = new FileRecords(dataset, shape.typer(), lines);
            String headerProblem = records.readHeader();
            if (headerProblem == null && landing.drift == Drift.EVOLVE && !records.newColumns().isEmpty()) {
                shape = evolve(landing, bronze, records.newColumns(), run); // the header's new columns, before any record
                headerProblem = records.retype(shape.typer());
            }
            if (headerProblem != null) {
                reject(run, headerProblem);
                return;
            }
            long chunk = 0;
            Staged staged = landing.staged();
            FileRecords.Record rec = records.next();
            if (rec == null) {
                run.status(RunStatus.EMPTY);
                run.message(dataset.format() == Format.CSV_WITH_HEADER ? "no records after the header" : "no records");
            }
            while (rec != null) {
                if (rec.error() != null && !rec.error().newColumns().isEmpty()) { // evolve: a JSON line's new fields
                    List<Column> wanted = rec.error().newColumns();
                    for (int tries = 0; rec.error() != null && rec.error().newColumns().equals(wanted)
                            && tries < EVOLVE_ATTEMPTS; tries++) {
                        shape = evolve(landing, bronze, wanted, run);
                        records.retype(shape.typer());
                        rec = records.again(rec);
                    }
                    rec = settled(rec);
                }
                String dropped = rec.row() == null ? null : landing.expectations().dropped(rec.row(), run, rec.offset());
                String text = rec.text() == null && rec.row() != null && dropped != null ? decode(rec.bytes()) : rec.text();
                stage(landing, shape.layout(), rec.offset(), text, rec.bytes(), rec.row(), rec.error(), dropped,
                        run.source(), null, ingestedAt, chunk, staged, run);
                rec = records.next();
                if (rec == null || staged.size() >= chunkRows) {
                    long version = rec == null ? (FINAL | chunk) : chunk;
                    staged.setPosition(version);
                    chunks.accept(version, staged, rec == null);
                    staged = landing.staged();
                    chunk++;
                }
            }
            if (run.status() == RunStatus.EMPTY) {
                // commit the final marker so the empty file is recognised next time
                chunks.accept(FINAL, landing.staged(), true);
                run.status(RunStatus.EMPTY);
            }
        }
    }

    /**
     * Reads a landed file again through today's parsing, typing and expectations, committing nothing: each chunk's
     * Bronze rows and quarantine records (at most {@code LAKEHOUSE_CHUNK_ROWS} records) go to {@code chunks}, which
     * the Bronze rebuild writes as uncommitted files. Returns the run, rejected with the reason when the whole file
     * is unusable now; an I/O error or a FAIL expectation throws.
     */
    Run stageFile(LandedFile file, String runId, Consumer<Staged> chunks) throws IOException {
        Run run = new Run(runId, Stage.BRONZE_REBUILD, clock.instant());
        run.source("landing/" + file.path());
        Landing landing = landingOf(file, run);
        if (landing != null) {
            readFile(landing, lake.table(landing.dataset().bronzePath()), file, run,
                    (version, staged, last) -> chunks.accept(staged));
        }
        return run;
    }

    private static void reject(Run run, String reason) {
        run.status(RunStatus.REJECTED);
        run.message(reason);
    }

    // ------------------------------------------------------------------ events

    /**
     * Lands one Event Hub batch of tweets into Bronze and ends its run. Duplicates of earlier deliveries are counted
     * and skipped. Silver does not follow here: {@code Pipeline.ingestEvents} runs Bronze, then Silver.
     */
    public RunResult ingestEvents(EventBatch batch) {
        return finish(landEvents(batch));
    }

    /**
     * A batch committed to Bronze, its run not ended yet: what the next step (Silver) needs to follow it. {@code
     * version} is the batch's last sequence number (its txn version), or -1 when nothing was committed (an empty or
     * wholly redelivered batch, or a failure).
     */
    public record Landed(Run run, String appId, long bronzeBefore, long version, List<Object[]> rows,
                         List<Long> positions) {
        public boolean committed() {
            return version >= 0;
        }
    }

    /** Step one of a batch: stage, check and commit it to Bronze (and its bad records to quarantine). */
    public Landed landEvents(EventBatch batch) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.BRONZE_EVENTHUB, started);
        run.source(batch.source());
        try {
            Landing landing = tweets();
            LakeTable bronze = lake.table(landing.dataset().bronzePath());
            run.table(landing.dataset().bronzePath());
            long recorded = bronze.txnVersion(batch.appId()).orElse(-1L);
            landing.followLazily(bronze);
            Staged staged = landing.staged();
            EventDedup.Fresh fresh = stageEvents(landing, bronze, batch, recorded, started, staged, run);
            if (fresh.maxSeq() >= 0) {
                run.source(batch.source() + "[" + fresh.minSeq() + ".." + fresh.maxSeq() + "]");
                commit.commit(bronze, batch.appId(), fresh.maxSeq(), staged, run, true);
                settle(run);
                return new Landed(run, batch.appId(), recorded, fresh.maxSeq(), staged.bronze, staged.bronzePos);
            }
            run.status(batch.events().isEmpty() ? RunStatus.EMPTY : RunStatus.SKIPPED);
            run.message(batch.events().isEmpty() ? "no events" : "every event was committed by an earlier delivery");
            run.tableVersion(bronze.version());
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return new Landed(run, batch.appId(), -1, -1, List.of(), List.of());
    }

    /** Ends a landed batch's run: records it in the event log. */
    public RunResult finish(Landed landed) {
        return eventLog.finish(landed.run(), clock);
    }

    /**
     * Keeps the events of a batch whose host metadata is unusable (no partition, no sequence numbers: nothing to
     * key exactly-once commits by) in the quarantine, kind {@code metadata}, with the reason, so that the partition
     * can move on without losing them. Keyed by a hash of the bodies: a redelivery of the same batch adds nothing.
     * The run is {@code rejected} (the function logs it as severe).
     */
    public RunResult quarantineUnkeyed(String source, List<byte[]> bodies, String reason) {
        Instant started = clock.instant();
        Run run = new Run(UUID.randomUUID().toString(), Stage.BRONZE_EVENTHUB, started);
        run.source(source);
        run.table(SystemTables.QUARANTINE);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Object[]> rows = new ArrayList<>(bodies.size());
            List<Long> positions = new ArrayList<>(bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                byte[] b = bodies.get(i) == null ? new byte[0] : bodies.get(i);
                digest.update(Long.toString(b.length).getBytes(StandardCharsets.UTF_8));
                digest.update(b);
                QuarantineRecord.Origin origin = new QuarantineRecord.Origin(Dataset.TWEETS.folder(), source, i,
                        clock.instant(), run.runId());
                rows.add(QuarantineRecord.unkeyed(origin, decode(b), b, reason).toRow());
                positions.add(0L);
            }
            run.rowsIn(rows.size());
            String appId = "eventhub-unkeyed/" + HexFormat.of().formatHex(digest.digest(), 0, 16);
            CommitResult q = ExactlyOnce.commit(quarantine, appId, 0, rows, positions, r -> r, false);
            run.rowsQuarantined(q.rowsWritten());
            run.rowsDuplicate(rows.size() - q.rowsWritten());
            run.tableVersion(q.version());
            run.status(RunStatus.REJECTED);
            run.message(reason + "; the batch's " + rows.size() + " events are in " + SystemTables.QUARANTINE
                    + " (kind metadata)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            run.failed("cannot quarantine a batch with unusable metadata (" + reason + "): " + e.getMessage());
        }
        return eventLog.finish(run, clock);
    }

    /**
     * The steps before the commit: leaves out what was committed before ({@link EventDedup}), parses the rest
     * ({@link BatchParser}, across cores for a large batch), then checks and stages each in the batch's order:
     * Bronze rows and quarantine records into {@code staged}, counts into {@code run}.
     */
    private EventDedup.Fresh stageEvents(Landing landing, LakeTable bronze, EventBatch batch, long recorded,
                                         Instant started, Staged staged, Run run) {
        EventDedup.Fresh fresh = EventDedup.fresh(batch.events(), recorded);
        run.addRowsIn(fresh.duplicates());
        run.addRowsDuplicate(fresh.duplicates());
        Shape parsedBy = landing.shape();
        Object[] parsed = BatchParser.parseAll(parsedBy.typer(), fresh.events(), fresh.count());
        for (int k = 0; k < fresh.count(); k++) {
            EventBatch.Event e = fresh.events()[k];
            Shape shape = parsedBy;
            if (parsed[k] instanceof RecordException x && !x.newColumns().isEmpty()) {
                // evolve: the table gains the event's new fields (unless it has them already), then it is typed again
                Object again = x;
                for (int tries = 0; again instanceof RecordException y && y.newColumns().equals(x.newColumns())
                        && tries < EVOLVE_ATTEMPTS; tries++) {
                    shape = bronze == null ? landing.shape() : evolve(landing, bronze, x.newColumns(), run);
                    try {
                        again = shape.typer().fromJson(e.body(), null);
                    } catch (RecordException r) {
                        again = r;
                    }
                }
                parsed[k] = again instanceof RecordException y && !y.newColumns().isEmpty()
                        ? RecordException.schema(y.getMessage() + ": the table did not take them") : again;
            }
            Object[] row = parsed[k] instanceof Object[] r ? r : null;
            RecordException error = parsed[k] instanceof RecordException x ? x : null;
            String dropped = row == null ? null : landing.expectations().dropped(row, run, e.sequenceNumber());
            String text = null;
            if (error != null || dropped != null) { // the raw payload is kept: decode the text
                text = decode(e.body());
                if (text == null) {
                    error = RecordException.parse("event body is not valid UTF-8");
                    row = null;
                } else if (text.isEmpty() || text.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                    error = RecordException.parse("empty event body");
                    row = null;
                } else if (Typer.blankReason(text) != null) {
                    error = RecordException.parse(Typer.blankReason(text));
                    row = null;
                }
            }
            stage(landing, shape.layout(), e.sequenceNumber(), text, e.body(), row, error, dropped, run.source(),
                    e.enqueuedTime(), started, e.sequenceNumber(), staged, run);
        }
        return fresh;
    }

    /** The rows a batch turns into, without committing anything (benchmarks compare against this). */
    public record StagedRows(List<Object[]> bronze, List<Object[]> quarantine) {
    }

    /** Parses, types and checks a batch exactly as {@link #ingestEvents} does, and commits nothing. */
    public StagedRows stageOnly(EventBatch batch) {
        Landing landing = tweets();
        Staged staged = landing.staged();
        Run run = new Run("stage-only", Stage.BRONZE_EVENTHUB, clock.instant());
        run.source(batch.source());
        stageEvents(landing, null, batch, -1, run.startedAt(), staged, run);
        return new StagedRows(staged.bronze, staged.quarantineRows());
    }

    // ------------------------------------------------------------------ shared

    /** Stages one record: in quarantine when it has an error or was dropped by an expectation, else in Bronze. */
    private void stage(Landing landing, BronzeRow layout, long offset, String text, byte[] bytes, Object[] row,
                       RecordException error, String dropped, String source, Instant enqueued, Instant ingestedAt,
                       long position, Staged staged, Run run) {
        run.addRowsIn(1);
        if (error != null || dropped != null) {
            QuarantineRecord.Origin origin = new QuarantineRecord.Origin(landing.dataset().folder(), source, offset,
                    clock.instant(), run.runId());
            staged.addQuarantine(error != null ? QuarantineRecord.unreadable(origin, text, bytes, error)
                    : QuarantineRecord.dropped(origin, text, bytes, dropped), position);
            return;
        }
        staged.addBronze(layout.of(row, source, offset, enqueued, ingestedAt), text != null ? text : bytes, position);
    }

    /** How often the Event Hub path looks at its Bronze table's schema (10 s). */
    private static final long FOLLOW_EVERY_NANOS = 10_000_000_000L;

    /** Tries of adding a record's new columns and typing it again before it is quarantined (evolve). */
    private static final int EVOLVE_ATTEMPTS = 3;

    /**
     * Drift policy {@code evolve}: adds {@code columns} to the landing's Bronze table at its end, those it lacks (one
     * metadata commit; writers adding the same column at once race harmlessly), records the commit in the event log
     * (status {@code evolved}, the columns in the message; nothing when another writer had added them), and returns
     * the landing's shape for the table now.
     */
    private Shape evolve(Landing landing, LakeTable bronze, List<Column> columns, Run run) {
        Shape now = landing.shape();
        if (columns.stream().allMatch(c -> now.table().indexOf(c.name()) >= 0)) {
            return now; // an earlier record of this batch, or another writer, added them
        }
        List<Column> admissible = now.typer().admissible(columns);
        if (admissible.isEmpty()) {
            return now; // the table is full (Typer.MAX_GAINED_COLUMNS): typed again, the fields are rescued
        }
        List<String> added = bronze.addColumns(admissible);
        if (!added.isEmpty()) {
            Run evolved = new Run(UUID.randomUUID().toString(), run.stage(), clock.instant());
            evolved.source(run.source());
            evolved.table(landing.dataset().bronzePath());
            evolved.status(RunStatus.EVOLVED);
            evolved.message("added column" + (added.size() > 1 ? "s " : " ") + String.join(", ", admissible.stream()
                    .filter(c -> added.contains(c.name())).map(c -> c.name() + " " + c.typeName()).toList())
                    + " at the end of " + landing.dataset().bronzePath() + " for new source field"
                    + (added.size() > 1 ? "s" : "") + " (drift policy evolve); rows landed before read null there");
            evolved.tableVersion(bronze.version());
            eventLog.finish(evolved, clock);
        }
        return landing.follow(bronze.schema());
    }

    /** A record still asking for columns after {@link #EVOLVE_ATTEMPTS} is quarantined with the reason. */
    private static FileRecords.Record settled(FileRecords.Record r) {
        if (r.error() == null || r.error().newColumns().isEmpty()) {
            return r;
        }
        return new FileRecords.Record(r.offset(), r.text(), r.bytes(), null,
                RecordException.schema(r.error().getMessage() + ": the table did not take them"));
    }

    /** A run that found rows but wrote none of them, because another delivery had committed them all, is skipped. */
    private static void settle(Run run) {
        if (run.status() == RunStatus.COMMITTED && run.rowsDuplicate() > 0 && run.rowsWritten() + run.rowsQuarantined() == 0) {
            run.status(RunStatus.SKIPPED);
            run.message("every record was committed by an earlier or concurrent delivery");
        }
    }

    private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));

    /** Strict UTF-8 decoding; null when the bytes are not UTF-8. */
    static String decode(byte[] bytes) {
        try {
            return UTF8.get().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A FAIL expectation stopped the batch. */
    public static final class ExpectationFailedException extends RuntimeException {
        public ExpectationFailedException(String message) {
            super(message);
        }
    }
}
