package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.lake.ExactlyOnce;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.Txn;
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
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
 * <p>Accounting: every record read is a Bronze row, a quarantined row, or a duplicate of an earlier delivery.
 * Blank lines in files are not records.
 */
public final class BronzeIngest {
    /** Bit set in the txn version of a file's last chunk. */
    public static final long FINAL = 1L << 40;
    public static final int DEFAULT_CHUNK_ROWS = 250_000;

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final int chunkRows;
    private final Map<Dataset, Typer> typers = new EnumMap<>(Dataset.class);
    private final LakeTable quarantine;
    /** Each dataset's expectations, in declaration order. */
    private final Map<Dataset, Expectation[]> expectations = new EnumMap<>(Dataset.class);

    public BronzeIngest(Lake lake, EventLog eventLog, Clock clock, int chunkRows) {
        this(lake, eventLog, clock, chunkRows, Dataset::expectations);
    }

    /** With the expectations of each dataset given (tests, and users who declare their own). */
    public BronzeIngest(Lake lake, EventLog eventLog, Clock clock, int chunkRows,
                        java.util.function.Function<Dataset, List<Expectation>> expectations) {
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.chunkRows = chunkRows;
        for (Dataset d : Dataset.values()) {
            typers.put(d, new Typer(d));
            this.expectations.put(d, expectations.apply(d).toArray(new Expectation[0]));
            lake.table(d.bronzePath()).createIfAbsent(d.bronzeSpec());
        }
        quarantine = lake.table(SystemTables.QUARANTINE);
        quarantine.createIfAbsent(SystemTables.QUARANTINE_SPEC);
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
        String problem = LandingPaths.problem(file.path());
        if (problem != null) {
            reject(run, problem);
            return;
        }
        String folder = file.path().substring(0, file.path().indexOf('/'));
        Dataset dataset = Dataset.byFolder(folder).orElse(null);
        if (dataset == null) {
            reject(run, "unknown dataset folder '" + folder + "'; files must land in one of: " + Dataset.folders());
            return;
        }
        LakeTable bronze = lake.table(dataset.bronzePath());
        run.table(dataset.bronzePath());
        String appId = "landing/" + dataset.folder() + "/" + sha256(file.path() + "\n" + file.etag());
        long recorded = bronze.txnVersion(appId).orElse(-1L);
        if (recorded >= FINAL) {
            run.status(RunStatus.SKIPPED);
            run.message("already landed (same path and ETag)");
            run.tableVersion(bronze.version());
            return;
        }
        Typer typer = typers.get(dataset);
        Instant ingestedAt = clock.instant();
        try (InputStream in = file.opener().open(); LineReader lines = new LineReader(in)) {
            FileRecords records = new FileRecords(dataset, typer, lines);
            String headerProblem = records.readHeader();
            if (headerProblem != null) {
                reject(run, headerProblem);
                return;
            }
            long chunk = 0;
            Staged staged = new Staged(dataset, typer);
            FileRecords.Record rec = records.next();
            if (rec == null) {
                run.status(RunStatus.EMPTY);
                run.message(dataset.format() == Format.CSV_WITH_HEADER ? "no records after the header" : "no records");
            }
            while (rec != null) {
                long position = chunk;
                String dropped = rec.row() == null ? null : check(dataset, rec.row(), run, rec.offset());
                String text = rec.text() == null && rec.row() != null && dropped != null ? decode(rec.bytes()) : rec.text();
                stage(dataset, typer, rec.offset(), text, rec.bytes(), rec.row(), rec.error(), dropped,
                        run.source(), null, ingestedAt, position, staged, run);
                rec = records.next();
                if (rec == null || staged.size() >= chunkRows) {
                    long version = rec == null ? (FINAL | chunk) : chunk;
                    staged.setPosition(version);
                    commitStaged(bronze, appId, version, staged, run, rec == null);
                    staged = new Staged(dataset, typer);
                    chunk++;
                }
            }
            if (run.status() == RunStatus.EMPTY) {
                // commit the final marker so the empty file is recognised next time
                commitStaged(bronze, appId, FINAL, new Staged(dataset, typer), run, true);
                run.status(RunStatus.EMPTY);
            }
        }
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
        Dataset dataset = Dataset.TWEETS;
        LakeTable bronze = lake.table(dataset.bronzePath());
        run.table(dataset.bronzePath());
        try {
            long recorded = bronze.txnVersion(batch.appId()).orElse(-1L);
            Staged staged = new Staged(dataset, typers.get(dataset));
            long[] range = stageEvents(batch, recorded, started, staged, run);
            long minSeq = range[0];
            long maxSeq = range[1];
            if (maxSeq >= 0) {
                run.source(batch.source() + "[" + minSeq + ".." + maxSeq + "]");
                commitStaged(bronze, batch.appId(), maxSeq, staged, run, true);
                settle(run);
                return new Landed(run, batch.appId(), recorded, maxSeq, staged.bronze, staged.bronzePos);
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
                rows.add(quarantineRow(Dataset.TWEETS, source, i, decode(b), b, "metadata", reason, null, run.runId()));
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
     * Parses, types and checks the events above {@code recorded}: Bronze rows and quarantine rows into
     * {@code staged}, counts into {@code run}. Returns the lowest and highest new sequence number (-1 when none).
     * Three passes: duplicates (in order), parsing (pure per event, so a large batch is split across cores), then
     * expectations and staging in the batch's order.
     */
    private long[] stageEvents(EventBatch batch, long recorded, Instant started, Staged staged, Run run) {
        Dataset dataset = Dataset.TWEETS;
        Typer typer = typers.get(dataset);
        List<EventBatch.Event> events = batch.events();
        EventBatch.Event[] fresh = new EventBatch.Event[events.size()];
        int count = 0;
        Set<Long> seen = null; // only needed once events arrive out of order
        long maxSeq = -1;
        long minSeq = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (EventBatch.Event e : events) {
            long seq = e.sequenceNumber();
            boolean duplicate = seq <= recorded;
            if (!duplicate && seq <= last && seen == null) {
                seen = new HashSet<>();
                for (EventBatch.Event earlier : events) {
                    if (earlier == e) {
                        break;
                    }
                    if (earlier.sequenceNumber() > recorded) {
                        seen.add(earlier.sequenceNumber());
                    }
                }
            }
            if (!duplicate && seen != null) {
                duplicate = !seen.add(seq);
            }
            last = Math.max(last, seq);
            if (duplicate) {
                run.addRowsIn(1);
                run.addRowsDuplicate(1);
                continue;
            }
            maxSeq = Math.max(maxSeq, seq);
            minSeq = Math.min(minSeq, seq);
            fresh[count++] = e;
        }
        Object[] rows = new Object[count]; // a typed row (Object[]) or the RecordException
        parseAll(typer, fresh, rows, count);
        for (int k = 0; k < count; k++) {
            EventBatch.Event e = fresh[k];
            Object[] row = rows[k] instanceof Object[] r ? r : null;
            RecordException error = rows[k] instanceof RecordException x ? x : null;
            String dropped = row == null ? null : check(dataset, row, run, e.sequenceNumber());
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
            stage(dataset, typer, e.sequenceNumber(), text, e.body(), row, error, dropped, run.source(),
                    e.enqueuedTime(), started, e.sequenceNumber(), staged, run);
        }
        return new long[]{minSeq, maxSeq};
    }

    /** Below this many events a batch is parsed on the calling thread alone. */
    static final int PARALLEL_PARSE_MIN = 256;
    private static final int PARSE_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    /**
     * Parses {@code events[0..count)} into {@code out}: each a typed row or the RecordException. Large batches are
     * split into contiguous slices parsed at once, the calling thread taking the first; the result is the same.
     */
    private static void parseAll(Typer typer, EventBatch.Event[] events, Object[] out, int count) {
        int parts = Math.min(PARSE_THREADS, count / (PARALLEL_PARSE_MIN / 2));
        if (parts < 2) {
            parseRange(typer, events, out, 0, count);
            return;
        }
        List<java.util.concurrent.Future<?>> others = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) count * p / parts);
            int to = (int) ((long) count * (p + 1) / parts);
            others.add(WORKERS.submit(() -> parseRange(typer, events, out, from, to)));
        }
        parseRange(typer, events, out, 0, (int) ((long) count / parts));
        for (java.util.concurrent.Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while parsing the batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("parsing the batch failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static void parseRange(Typer typer, EventBatch.Event[] events, Object[] out, int from, int to) {
        for (int k = from; k < to; k++) {
            byte[] body = events[k].body();
            // parsed from the bytes; the text is decoded only for records whose raw payload is kept
            Object[] row = typer.fastJson(body); // the plain record in one pass, UTF-8 checked on the way
            if (row != null) {
                out[k] = row;
            } else if (!Utf8.isValid(body)) {
                out[k] = RecordException.parse("event body is not valid UTF-8");
            } else {
                try {
                    out[k] = typer.fromJson(body, null);
                } catch (RecordException ex) {
                    out[k] = ex;
                }
            }
        }
    }

    /**
     * Applies the dataset's expectations to a typed row, once: counts every failure in the run, stops the batch on
     * a FAIL one, and returns the names of the DROP ones the row broke (comma-separated), or null when it stays.
     */
    private String check(Dataset dataset, Object[] row, Run run, long offset) {
        String dropped = null;
        for (Expectation x : expectations.get(dataset)) {
            if (!x.check().test(row)) {
                run.expectationFailed(x.name(), x.action().name().toLowerCase(), 1);
                switch (x.action()) {
                    case WARN -> { }
                    case DROP -> dropped = dropped == null ? x.name() : dropped + "," + x.name();
                    case FAIL -> throw new ExpectationFailedException("expectation " + x.name() + " (" + x.constraint()
                            + ") failed on " + run.source() + " at " + offset + "; the batch was stopped and nothing of it"
                            + " committed");
                }
            }
        }
        return dropped;
    }

    /** The rows a batch turns into, without committing anything (benchmarks compare against this). */
    public record StagedRows(List<Object[]> bronze, List<Object[]> quarantine) {
    }

    /** Parses, types and checks a batch exactly as {@link #ingestEvents} does, and commits nothing. */
    public StagedRows stageOnly(EventBatch batch) {
        Staged staged = new Staged(Dataset.TWEETS, typers.get(Dataset.TWEETS));
        Run run = new Run("stage-only", Stage.BRONZE_EVENTHUB, clock.instant());
        run.source(batch.source());
        stageEvents(batch, -1, run.startedAt(), staged, run);
        return new StagedRows(staged.bronze, staged.quarantine);
    }

    // ------------------------------------------------------------------ shared

    /**
     * Rows waiting for a commit, each with the position (sequence number or chunk version) it belongs to; for each
     * Bronze row also its raw record (the event's or line's bytes, or the line's text), kept for the quarantine in
     * case the lake refuses the row.
     */
    private static final class Staged {
        final Dataset dataset;
        final int width;
        final List<Object[]> bronze = new ArrayList<>();
        final List<Long> bronzePos = new ArrayList<>();
        final List<Object> bronzeRaw = new ArrayList<>();
        final List<Object[]> quarantine = new ArrayList<>();
        final List<Long> quarantinePos = new ArrayList<>();

        Staged(Dataset dataset, Typer typer) {
            this.dataset = dataset;
            this.width = typer.width();
        }

        int indexOfBronze(Object[] row) {
            for (int i = 0; i < bronze.size(); i++) {
                if (bronze.get(i) == row) {
                    return i;
                }
            }
            return -1;
        }

        int size() {
            return bronze.size() + quarantine.size();
        }

        void setPosition(long p) {
            bronzePos.replaceAll(x -> p);
            quarantinePos.replaceAll(x -> p);
        }
    }

    /** Stages one record: in quarantine when it has an error or was dropped by an expectation, else in Bronze. */
    private void stage(Dataset dataset, Typer typer, long offset, String text, byte[] bytes, Object[] row,
                       RecordException error, String dropped, String source, Instant enqueued, Instant ingestedAt,
                       long position, Staged staged, Run run) {
        run.addRowsIn(1);
        if (error != null) {
            staged.quarantine.add(quarantineRow(dataset, source, offset, text, bytes, error.kind(), error.getMessage(),
                    null, run.runId()));
            staged.quarantinePos.add(position);
            return;
        }
        if (dropped != null) {
            staged.quarantine.add(quarantineRow(dataset, source, offset, text, bytes, "expectation",
                    "dropped by expectation " + dropped, dropped, run.runId()));
            staged.quarantinePos.add(position);
            return;
        }
        int n = typer.width() - 1;
        Object[] out = new Object[n + Dataset.LINEAGE.size()];
        System.arraycopy(row, 0, out, 0, n + 1); // source columns and _rescued_data
        out[n + 1] = source;
        out[n + 2] = offset;
        out[n + 3] = enqueued;
        out[n + 4] = ingestedAt;
        staged.bronze.add(out);
        staged.bronzePos.add(position);
        staged.bronzeRaw.add(text != null ? text : bytes);
    }

    private Object[] quarantineRow(Dataset dataset, String source, long offset, String text, byte[] bytes, String kind,
                                   String reason, String expectation, String runId) {
        if (text != null && TableSchema.loneSurrogate(text) >= 0) {
            // cannot happen for strictly decoded text; kept as base64 of the bytes rather than refused
            bytes = bytes != null ? bytes : TableSchema.replaceLoneSurrogates(text).getBytes(StandardCharsets.UTF_8);
            text = null;
        }
        // our own words: a source path or a quoted value must never make the quarantine refuse the row
        source = TableSchema.replaceLoneSurrogates(source);
        reason = TableSchema.replaceLoneSurrogates(reason);
        boolean utf8 = text != null;
        return new Object[]{dataset.folder(), source, offset, utf8 ? text : Base64.getEncoder().encodeToString(bytes),
                utf8 ? "utf8" : "base64", kind, reason, expectation, clock.instant(), runId};
    }

    /**
     * Parses slices of large batches, and writes the quarantine's files while the Bronze files are written:
     * daemon threads, as many as cores (at least two), idle ones end after a minute. Every task is a leaf (it
     * waits for no other task), so when batches of many partitions fill the pool, tasks only queue.
     */
    private static final java.util.concurrent.ExecutorService WORKERS = workers();

    private static java.util.concurrent.ThreadPoolExecutor workers() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(n, n, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bronze-worker");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Commits quarantine rows then Bronze rows, each exactly once under (appId, version). When there are both, the
     * quarantine's files are written on another thread while this one writes the Bronze files; the quarantine
     * commit waits until the Bronze files are written, and the Bronze commit waits for the quarantine commit and
     * is not made if it failed (so a crash at any point leaves what a crash between two sequential commits left:
     * uncommitted files, which VACUUM removes, and at most a quarantine commit whose Bronze commit the redelivery
     * makes). A Bronze row the lake cannot store ({@link RowRejectedException}: the last line of defence behind
     * typing) is moved to the quarantine with the lake's reason before anything is committed, and the rest is
     * committed: one bad value never fails a batch for ever.
     */
    private void commitStaged(LakeTable bronze, String appId, long version, Staged staged, Run run,
                              boolean alwaysMarkBronze) {
        for (int moved = 0; ; moved++) {
            try {
                commitBoth(bronze, appId, version, staged, run, alwaysMarkBronze);
                return;
            } catch (RowRejectedException e) {
                int i = staged.indexOfBronze(e.row());
                if (i < 0 || moved >= staged.size()) {
                    throw e;
                }
                Object[] row = staged.bronze.remove(i);
                Object raw = staged.bronzeRaw.remove(i);
                long position = staged.bronzePos.remove(i);
                int n = staged.width - 1; // the row's _source and _source_offset follow the source columns
                String text = raw instanceof String t ? t : decode((byte[]) raw);
                staged.quarantine.add(quarantineRow(staged.dataset, (String) row[n + 1], (Long) row[n + 2], text,
                        raw instanceof byte[] b ? b : null, "schema", "cannot be stored: " + e.reason(), null, run.runId()));
                staged.quarantinePos.add(position);
            }
        }
    }

    private void commitBoth(LakeTable bronze, String appId, long version, Staged staged, Run run,
                            boolean alwaysMarkBronze) {
        boolean both = !staged.quarantine.isEmpty() && (!staged.bronze.isEmpty() || alwaysMarkBronze);
        if (!both) {
            if (!staged.quarantine.isEmpty()) {
                CommitResult q = ExactlyOnce.commit(quarantine, appId, version, staged.quarantine, staged.quarantinePos, r -> r, false);
                count(run, staged, q, null);
            }
            if (!staged.bronze.isEmpty() || alwaysMarkBronze) {
                CommitResult b = ExactlyOnce.commit(bronze, appId, version, staged.bronze, staged.bronzePos, r -> r, true);
                count(run, staged, null, b);
            }
            return;
        }
        java.util.concurrent.CompletableFuture<Void> bronzeWritten = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.Future<CommitResult> q = WORKERS.submit(() -> ExactlyOnce.commit(quarantine,
                appId, version, staged.quarantine, staged.quarantinePos, r -> r, false, bronzeWritten, null));
        CommitResult b;
        try {
            b = ExactlyOnce.commit(bronze, appId, version, staged.bronze, staged.bronzePos, r -> r, true, q, bronzeWritten);
        } catch (RuntimeException e) {
            bronzeWritten.completeExceptionally(e);
            awaitQuietly(q); // never leave it running; when it was the cause, e says so already
            throw e;
        }
        CommitResult qr;
        try {
            qr = q.get(); // completed: the Bronze commit waited for it
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
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

    /** A run that found rows but wrote none of them, because another delivery had committed them all, is skipped. */
    private static void settle(Run run) {
        if (run.status() == RunStatus.COMMITTED && run.rowsDuplicate() > 0 && run.rowsWritten() + run.rowsQuarantined() == 0) {
            run.status(RunStatus.SKIPPED);
            run.message("every record was committed by an earlier or concurrent delivery");
        }
    }

    private static void awaitQuietly(java.util.concurrent.Future<?> f) {
        try {
            LakeTable.await(f);
        } catch (RuntimeException ignored) {
            // the caller reports its own failure
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
