package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableUse;
import com.wwi.lakehouse.lake.SchemaChange;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.lake.VacuumResult;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.Snapshot;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.exceptions.DeltaConcurrentModificationException;
import io.delta.standalone.internal.DeltaLogImpl;
import io.delta.standalone.internal.SnapshotImpl;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A Delta table on Delta Standalone. One instance per table path per JVM (see {@link DeltaLake}), so that the
 * log store's in-process commit lock covers every thread.
 *
 * <p>Concurrency contract: appends never conflict with appends (Delta retries them at the next version). A
 * commit carrying a txn conflicts with a concurrent commit of the same appId and is then re-checked: if the
 * winner recorded the txn, this one is skipped. A rewrite fails with {@link CommitConflictException} when a
 * file it removes was removed by anyone else first; it never fails because of concurrent appends.
 */
public final class DeltaTable implements LakeTable {
    static final String ENGINE_INFO = "wwi-lakehouse/0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Configuration conf;
    private final Path root;
    /** Delta Standalone's view, made on first use: opening it lists the whole log directory and reads a snapshot. */
    private DeltaLog log;
    private final Object logLock = new Object();
    /** Commit infos read so far, newest kept: a commit file never changes once written (put-if-absent). */
    private final Map<Long, HistoryEntry> history = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, HistoryEntry> eldest) {
            return size() > 64;
        }
    };
    private final long maxRowsPerFile;
    private final FastLog fast;
    private final Object commitLock = new Object();
    /** Test hook: runs inside a rewrite after its transaction started and before it commits. */
    volatile Runnable beforeRewriteCommit;

    /** Commits of this process that lost the race for their version to another writer and were tried again. */
    private static final LongAdder LOST_RACES = new LongAdder();

    /** How many commits of this process, on any table, lost the race for a version and were tried again. */
    public static long lostRaces() {
        return LOST_RACES.sum();
    }

    DeltaTable(Configuration conf, Path root, long maxRowsPerFile) {
        this.conf = conf;
        this.root = root;

        this.maxRowsPerFile = maxRowsPerFile;
        this.fast = new FastLog(conf, root, () -> (DeltaLogImpl) log());
    }

    /** The fast log state, brought up to date; null metadata means no table. */
    private DeltaLog log() {
        synchronized (logLock) { // its own lock: callers hold the commit lock or the table's monitor, in either order
            if (log == null) {
                try {
                    log = DeltaLog.forTable(conf, root);
                } catch (RuntimeException e) {
                    throw refusal(e);
                }
            }
            return log;
        }
    }

    /**
     * Standalone's refusal of a protocol it does not know, as one line naming the table and the features it needs
     * (read from the commit files, since Standalone's own message names neither); other failures unchanged.
     */
    private RuntimeException refusal(RuntimeException e) {
        if (!e.getClass().getSimpleName().equals("InvalidProtocolVersionException")) {
            return e;
        }
        return ProtocolPeek.newest(conf, root)
                .<RuntimeException>map(p -> {
                    List<String> reader = List.copyOf(p.effectiveReaderFeatures());
                    return new TableRefusedException(Errors.unsupportedFeatures(root, p.reader(), p.writer(),
                            reader.isEmpty() ? p.features() : reader, null));
                })
                .orElseGet(() -> new TableRefusedException(Errors.unsupportedFeatures(root, 0, 0, List.of(), null)
                        .replace("reader 0 / writer 0", "a newer protocol") + " (" + e.getMessage().strip() + ")"));
    }

    /** Refuses {@code use} of the table at the view's version unless every feature its protocol lists is honoured. */
    private void guard(FastLog st, TableUse use) {
        TableFeatures.check(root, st.protocol(), st.metadata(), use);
    }

    @Override
    public Optional<String> refusal(TableUse use) {
        try {
            FastLog st = state();
            if (st.metadata() == null) {
                return Optional.empty();
            }
            guard(st, use);
            return Optional.empty();
        } catch (TableRefusedException e) {
            return Optional.of(e.getMessage());
        }
    }

    private FastLog state() {
        synchronized (commitLock) {
            try {
                fast.refresh();
            } catch (RuntimeException e) { // an open log meeting another engine's upgrade refuses here
                throw refusal(e);
            }
            return fast;
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean exists() {
        synchronized (commitLock) {
            return state().metadata() != null;
        }
    }

    @Override
    public synchronized long createIfAbsent(TableSpec spec) {
        synchronized (commitLock) {
            state(); // a table another engine upgraded past what we can read is refused here, in one line
        }
        Snapshot s;
        try {
            s = log().update();
        } catch (RuntimeException e) {
            throw refusal(e);
        }
        if (s.getVersion() >= 0) {
            return checkCompatible(spec, s);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("delta.checkpointInterval", "10");
        props.putAll(spec.properties());
        Metadata md = Metadata.builder()
                .name(spec.name())
                .description(spec.description())
                .schema(DeltaSchemas.toDelta(spec.schema()))
                .partitionColumns(spec.partitionColumns())
                .configuration(props)
                .createdTime(System.currentTimeMillis())
                .build();
        OptimisticTransaction txn = log().startTransaction();
        txn.updateMetadata(md);
        try {
            return txn.commit(List.<Action>of(), new Operation(Operation.Name.CREATE_TABLE,
                    params("description", spec.description(), "partitionBy", jsonArray(spec.partitionColumns()))),
                    ENGINE_INFO).getVersion();
        } catch (DeltaConcurrentModificationException e) {
            // another writer created it at the same moment: fine if it is the same table
            return checkCompatible(spec, log().update());
        } catch (RuntimeException e) {
            throw new LakeException("cannot create table " + spec.name() + " at " + root + ": " + e.getMessage()
                    + " (check the location is writable)", e);
        }
    }

    private long checkCompatible(TableSpec spec, Snapshot s) {
        TableSchema existing = DeltaSchemas.fromDelta(s.getMetadata().getSchema());
        SchemaChange change = SchemaChange.between(existing, spec.schema());
        return switch (change.kind()) {
            case ADDS_COLUMNS -> addColumns(spec, s, existing.size());
            // another engine added nullable columns (ALTER TABLE ADD COLUMNS): written as null
            case SAME, HAS_MORE_COLUMNS -> s.getVersion();
            case INCOMPATIBLE -> throw new LakeException(Errors.schemaMismatch(root.toString(), existing, spec.name(),
                    spec.schema(), change.problems()));
        };
    }

    /**
     * The additive schema change: the spec has the table's columns, then nullable ones it lacks; they are added
     * (ADD COLUMNS, as Spark's {@code ALTER TABLE ... ADD COLUMNS}), and the table's older rows read them as null.
     * Two writers adding the same columns at once: one commits, the other finds them there.
     */
    private long addColumns(TableSpec spec, Snapshot s, int existingColumns) {
        List<String> added = spec.schema().names().subList(existingColumns, spec.schema().size());
        try {
            return commitSchema(s, spec.schema(), added);
        } catch (DeltaConcurrentModificationException e) {
            return checkCompatible(spec, log().update());
        }
    }

    /** One ADD COLUMNS commit of {@code wider} (the snapshot's columns, then {@code added}) on {@code s}. */
    private long commitSchema(Snapshot s, TableSchema wider, List<String> added) {
        synchronized (commitLock) {
            guard(state(), TableUse.ALTER);
        }
        OptimisticTransaction txn = log().startTransaction();
        Metadata md = s.getMetadata().copyBuilder().schema(DeltaSchemas.toDelta(wider)).build();
        txn.updateMetadata(md);
        try {
            long v = txn.commit(List.<Action>of(), new Operation(Operation.Name.ADD_COLUMNS,
                    params("columns", jsonArray(added))), ENGINE_INFO).getVersion();
            synchronized (commitLock) {
                state(); // the append path sees the new schema at once
            }
            return v;
        } catch (DeltaConcurrentModificationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LakeException("cannot add the columns " + added + " to " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<String> addColumns(List<Column> columns) {
        for (int attempt = 1; ; attempt++) {
            Snapshot s;
            try {
                s = log().update();
            } catch (RuntimeException e) {
                throw refusal(e);
            }
            if (s.getVersion() < 0) {
                throw new LakeException(Errors.noTable(root.toString()));
            }
            TableSchema existing = DeltaSchemas.fromDelta(s.getMetadata().getSchema());
            List<Column> missing = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Column c : columns) {
                if (existing.indexOf(c.name()) < 0 && names.add(c.name().toLowerCase(Locale.ROOT))) {
                    missing.add(c.nullable() ? c : new Column(c.name(), c.type(), true, c.precision(), c.scale(),
                            c.comment()));
                }
            }
            if (missing.isEmpty()) {
                synchronized (commitLock) {
                    state();
                }
                return List.of();
            }
            List<String> added = missing.stream().map(Column::name).toList();
            try {
                commitSchema(s, existing.plus(missing.toArray(new Column[0])), added);
                return added;
            } catch (DeltaConcurrentModificationException e) {
                if (attempt >= ADD_COLUMNS_ATTEMPTS) {
                    throw new CommitConflictException("cannot add the columns " + added + " to " + root
                            + ": the table's metadata kept changing (" + attempt + " attempts)", e);
                }
                // another writer changed the metadata first (maybe adding the same columns): plan again
            }
        }
    }

    /** Attempts of {@link #addColumns(List)} against concurrent metadata commits. */
    private static final int ADD_COLUMNS_ATTEMPTS = 8;

    private Metadata metadata() {
        Metadata md;
        synchronized (commitLock) {
            md = state().metadata();
        }
        if (md == null) {
            throw new LakeException(Errors.noTable(root.toString()));
        }
        return md;
    }

    @Override
    public TableSchema schema() {
        return DeltaSchemas.fromDelta(metadata().getSchema());
    }

    @Override
    public String protocol() {
        synchronized (commitLock) {
            return state().protocol().toString();
        }
    }

    @Override
    public Map<String, String> properties() {
        synchronized (commitLock) {
            FastLog st = state();
            return st.metadata() == null ? Map.of() : st.metadata().getConfiguration();
        }
    }

    @Override
    public List<String> partitionColumns() {
        return metadata().getPartitionColumns();
    }

    @Override
    public long version() {
        synchronized (commitLock) {
            return state().version();
        }
    }

    @Override
    public Optional<Long> txnVersion(String appId) {
        synchronized (commitLock) {
            FastLog st = state();
            long v = st.metadata() == null ? -1 : st.txnVersion(appId);
            return v < 0 ? Optional.empty() : Optional.of(v);
        }
    }

    @Override
    public Map<String, Long> txnVersions(Collection<String> appIds) {
        synchronized (commitLock) {
            FastLog st = state();
            Map<String, Long> out = new HashMap<>();
            if (st.metadata() != null) {
                for (String a : appIds) {
                    long v = st.txnVersion(a);
                    if (v >= 0) {
                        out.put(a, v);
                    }
                }
            }
            return out;
        }
    }

    /** Waits for a background checkpoint to finish. */
    public void awaitCheckpoint() {
        fast.awaitCheckpoint();
    }

    // ---------------------------------------------------------------- append

    @Override
    public CommitResult append(List<Object[]> rows, Collection<Txn> txns) {
        return appendWriting(rows, txns, null, () -> { });
    }

    @Override
    public CommitResult appendAfter(List<Object[]> rows, Collection<Txn> txns, Future<?> before,
                                    CompletableFuture<Void> written) {
        try {
            return appendWriting(rows, txns, before, written == null ? () -> { } : () -> written.complete(null));
        } catch (RuntimeException e) {
            if (written != null) {
                written.completeExceptionally(e);
            }
            throw e;
        } finally {
            if (written != null) {
                written.complete(null); // a skipped append wrote nothing: nothing to wait for
            }
        }
    }

    /** The append; {@code filesWritten} runs once no data file is left to write (none, or all written). */
    private CommitResult appendWriting(List<Object[]> rows, Collection<Txn> txns, Future<?> before,
                                       Runnable filesWritten) {
        Metadata md;
        synchronized (commitLock) {
            // no refresh here either when the view is loaded (callers read txnVersion just before, which refreshes):
            // a stale view costs at most a lost race below, after which everything is checked again
            FastLog st = fast.metadata() == null ? state() : fast;
            md = st.metadata();
            if (md == null) {
                throw new LakeException(Errors.noTable(root.toString()));
            }
            guard(st, TableUse.APPEND);
            if (rows.isEmpty() && txns.isEmpty()) {
                filesWritten.run();
                LakeTable.await(before);
                return CommitResult.skipped(st.version());
            }
            if (!txns.isEmpty() && recorded(st::txnVersion, txns)) {
                filesWritten.run();
                LakeTable.await(before);
                return CommitResult.skipped(st.version());
            }
        }
        // the commit that must come first may go ahead once every row is accepted (only I/O can fail after that)
        List<DataFile> adds = writeFiles(md, rows, true, filesWritten);
        filesWritten.run();
        try {
            LakeTable.await(before); // the files are written; the commit comes after the one that must come first
        } catch (RuntimeException e) {
            deleteQuietly(adds);
            throw e;
        }
        long rowCount = rows.size();
        long bytes = adds.stream().mapToLong(DataFile::sizeBytes).sum();
        Map<String, Long> newTxns = new LinkedHashMap<>();
        for (Txn t : txns) {
            newTxns.put(t.appId(), t.version());
        }
        try {
            for (int attempt = 1; ; attempt++) {
                synchronized (commitLock) {
                    // brought up to date before every try (a probe for the next commit file when nothing is new):
                    // a stale view would only make the commit lose the race for its version, which costs more
                    FastLog st = state();
                    if (st.metadata() == null || !st.metadata().getSchema().equals(md.getSchema())
                            || !st.metadata().getPartitionColumns().equals(md.getPartitionColumns())) {
                        throw new CommitConflictException("the schema of " + root + " changed while appending", null);
                    }
                    guard(st, TableUse.APPEND); // another engine may have upgraded it meanwhile

                    if (!txns.isEmpty() && recorded(st::txnVersion, txns)) {
                        deleteQuietly(adds);
                        return CommitResult.skipped(st.version());
                    }
                    try {
                        // FastLog writes each value as one JSON string, as delta-spark does ("mode":"Append")
                        long v = st.commit(adds, newTxns, Map.of("mode", "Append", "partitionBy",
                                jsonArray(md.getPartitionColumns())), rowCount, bytes);
                        return result(v, adds, 0, attempt);
                    } catch (IOException e) {
                        if (!FastLog.isLostRace(e)) {
                            // the commit may or may not have landed: never delete files a commit may reference
                            throw new CommitStateUnknownException("commit to " + root + " failed and may or may not"
                                    + " have landed (" + e.getMessage() + "); its data files are kept, a retry with the"
                                    + " same txn is safe", e);
                        }
                        LOST_RACES.increment();
                        if (attempt >= 100) {
                            throw new LakeException("cannot commit to " + root + ": lost the race for a version "
                                    + attempt + " times", e);
                        }
                        // another writer took this version: read its commit and try the next one
                    }
                }
            }
        } catch (CommitStateUnknownException e) {
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(adds);
            throw e instanceof LakeException le ? le : new LakeException("append to " + root + " failed: " + e, e);
        }
    }

    /**
     * True if every txn is recorded at or above its version (skip the commit); false if none is. Throws
     * {@link CommitConflictException} when a txn's recorded version is not the one its caller expected (another
     * writer committed the same input meanwhile), and {@link LakeException} for a mix (a caller bug).
     */
    private boolean recorded(ToLongFunction<String> recordedVersion, Collection<Txn> txns) {
        int done = 0;
        for (Txn t : txns) {
            long r = recordedVersion.applyAsLong(t.appId());
            if (r >= t.version()) {
                done++;
            } else if (t.expectedPrevious() != Txn.UNCHECKED && r != t.expectedPrevious()) {
                throw new CommitConflictException("txn " + t.appId() + " of " + root + " is now at " + r
                        + ", not at " + t.expectedPrevious() + " as planned: another writer committed the same input;"
                        + " read the recorded version again", null);
            }
        }
        if (done > 0 && done < txns.size()) {
            throw new LakeException("commit carries txns of which only some are already recorded " + txns
                    + "; commit each appId's input separately");
        }
        return done > 0;
    }

    private static CommitResult result(long version, List<DataFile> adds, int removed, int attempts) {
        long rows = 0;
        long bytes = 0;
        for (DataFile f : adds) {
            rows += Math.max(0, f.numRecords());
            bytes += f.sizeBytes();
        }
        return new CommitResult(version, true, List.copyOf(adds), removed, rows, bytes, attempts);
    }

    /** How rows of a table's schema map onto its data files: derived from the metadata once, not per append. */
    private record Layout(Metadata metadata, TableSchema schema, List<String> partitionColumns, int[] partIdx,
                          List<Column> fileColumns, int[] positions) {
    }

    private volatile Layout layout;

    private Layout layout(Metadata md) {
        Layout l = layout;
        if (l != null && l.metadata() == md) {
            return l;
        }
        TableSchema schema = DeltaSchemas.fromDelta(md.getSchema());
        List<String> partCols = List.copyOf(md.getPartitionColumns());
        int[] partIdx = new int[partCols.size()];
        for (int i = 0; i < partIdx.length; i++) {
            partIdx[i] = schema.indexOf(partCols.get(i));
        }
        List<Column> fileCols = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Set<Integer> partSet = new HashSet<>();
        for (int p : partIdx) {
            partSet.add(p);
        }
        for (int i = 0; i < schema.size(); i++) {
            if (!partSet.contains(i)) {
                fileCols.add(schema.column(i));
                positions.add(i);
            }
        }
        l = new Layout(md, schema, partCols, partIdx, List.copyOf(fileCols),
                positions.stream().mapToInt(Integer::intValue).toArray());
        layout = l;
        return l;
    }

    /**
     * Rows as wide as the table: a table another engine widened with nullable columns (ALTER TABLE ADD COLUMNS)
     * takes the pipeline's narrower rows with those columns null. The rows themselves when all are wide enough.
     */
    private static List<Object[]> padded(List<Object[]> rows, int width) {
        boolean narrow = false;
        for (Object[] r : rows) {
            if (r.length < width) {
                narrow = true;
                break;
            }
        }
        if (!narrow) {
            return rows;
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(r.length < width ? java.util.Arrays.copyOf(r, width) : r);
        }
        return out;
    }

    /** The file's index in its commit, five digits as Spark writes it ({@code part-00000-...}). */
    static String fileIndex(int i) {
        String d = Integer.toString(i);
        return d.length() >= 5 ? d : "00000".substring(d.length()) + d;
    }

    /** Writes rows grouped by partition value, at most maxRowsPerFile per file. */
    private List<DataFile> writeFiles(Metadata md, List<Object[]> rows, boolean dataChange) {
        return writeFiles(md, rows, dataChange, null);
    }

    /** {@code accepted}: runs once the last file's writer has taken its rows, before it is closed. */
    private List<DataFile> writeFiles(Metadata md, List<Object[]> rows, boolean dataChange, Runnable accepted) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Layout layout = layout(md);
        TableSchema schema = layout.schema();
        rows = padded(rows, schema.size());
        List<String> partCols = layout.partitionColumns();
        int[] partIdx = layout.partIdx();
        List<Column> fileCols = layout.fileColumns();
        int[] pos = layout.positions();

        Map<List<String>, List<Object[]>> groups = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            String problem = schema.problem(row);
            if (problem != null) {
                throw new RowRejectedException(row, problem, null);
            }
            if (partIdx.length == 0) {
                continue;
            }
            List<String> key = new ArrayList<>(partIdx.length);
            for (int p : partIdx) {
                key.add(PartitionValues.format(row[p]));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        if (partIdx.length == 0) {
            groups.put(List.of(), rows); // unpartitioned: one group, no per-row keys
        }
        List<DataFile> adds = new ArrayList<>();
        Path current = null; // the file being written, deleted with the others when writing fails
        int groupIndex = 0;
        try {
            for (Map.Entry<List<String>, List<Object[]>> g : groups.entrySet()) {
                StringBuilder dir = new StringBuilder();
                Map<String, String> pv = new LinkedHashMap<>();
                for (int i = 0; i < partCols.size(); i++) {
                    String v = g.getKey().get(i);
                    pv.put(partCols.get(i), v);
                    dir.append(PartitionValues.folder(partCols.get(i), v)).append('/');
                }
                List<Object[]> groupRows = g.getValue();
                boolean lastGroup = ++groupIndex == groups.size();
                for (int from = 0; from < groupRows.size(); from += (int) maxRowsPerFile) {
                    boolean lastFile = lastGroup && from + maxRowsPerFile >= groupRows.size();
                    List<Object[]> chunk = groupRows.subList(from, (int) Math.min(groupRows.size(), from + maxRowsPerFile));
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    String rel = dir + "part-" + fileIndex(adds.size()) + "-"
                            + new UUID(rnd.nextLong(), rnd.nextLong()) + ".c000.snappy.parquet";
                    Path path = new Path(root, rel);
                    current = path;
                    ParquetRowWriter.Written w = ParquetRowWriter.write(conf, path, fileCols, pos, chunk,
                            lastFile ? accepted : null);
                    adds.add(new DataFile(dir.length() == 0 ? rel : new Path(rel).toUri().toString(), pv, w.sizeBytes(),
                            w.records(), System.currentTimeMillis(), dataChange, w.statsJson()));
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(adds);
            deleteQuietly(current);
            if (e instanceof RowRejectedException r) {
                throw r;
            }
            throw new LakeException("writing data files under " + root + " failed: " + e.getMessage(), e);
        }
        return adds;
    }

    private void deleteQuietly(List<DataFile> adds) {
        for (DataFile a : adds) {
            deleteQuietly(resolve(a.path()));
        }
    }

    private void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            p.getFileSystem(conf).delete(p, false);
        } catch (IOException | RuntimeException ignored) {
            // an orphan file is harmless: it is in no commit, and VACUUM removes it
        }
    }

    // ---------------------------------------------------------------- rewrite

    @Override
    public CommitResult rewrite(List<DataFile> remove, List<Object[]> newRows, boolean dataChange,
                                Collection<Txn> txns, String operation) {
        return rewrite(-1, remove, newRows, null, dataChange, txns, operation);
    }

    @Override
    public CommitResult overwrite(long readVersion, List<DataFile> remove, List<Object[]> newRows,
                                  Collection<Txn> txns, String operation) {
        if (readVersion < 0) {
            throw new IllegalArgumentException("an overwrite is planned from a version of an existing table");
        }
        return rewrite(readVersion, remove, newRows, null, true, txns, operation);
    }

    @Override
    public List<DataFile> writeUncommitted(List<Object[]> rows) {
        Metadata md;
        synchronized (commitLock) {
            md = usable(TableUse.REWRITE).metadata();
        }
        return writeFiles(md, rows, true);
    }

    /** The latest state, when the table exists and its protocol allows {@code use}; call holding the commit lock. */
    private FastLog usable(TableUse use) {
        FastLog st = state();
        if (st.metadata() == null) {
            throw new LakeException(Errors.noTable(root.toString()));
        }
        guard(st, use);
        return st;
    }

    @Override
    public CommitResult overwriteFiles(long readVersion, List<DataFile> remove, List<DataFile> add,
                                       Collection<Txn> txns, String operation) {
        if (readVersion < 0) {
            throw new IllegalArgumentException("an overwrite is planned from a version of an existing table");
        }
        return rewrite(readVersion, remove, null, List.copyOf(add), true, txns, operation);
    }

    @Override
    public void discard(List<DataFile> uncommitted) {
        deleteQuietly(uncommitted);
    }

    @Override
    public Optional<DataFile> mergeUncommitted(List<DataFile> files) {
        if (files.size() < 2) {
            throw new IllegalArgumentException("a merge needs two files or more, got " + files.size());
        }
        Metadata md;
        synchronized (commitLock) {
            md = usable(TableUse.COMPACT).metadata();
        }
        Layout layout = layout(md);
        Map<String, String> pv = files.get(0).partitionValues();
        StringBuilder dir = new StringBuilder();
        for (String col : layout.partitionColumns()) {
            dir.append(PartitionValues.folder(col, pv.get(col))).append('/');
        }
        for (DataFile f : files) {
            if (!f.partitionValues().equals(pv)) {
                throw new IllegalArgumentException("a merge takes files of one partition: " + f.path() + " is not in "
                        + pv);
            }
        }
        List<Path> inputs = files.stream().map(f -> resolve(f.path())).toList();
        Path path = null;
        try {
            String stats = ParquetMerge.mergeStats(layout.fileColumns(), files.stream().map(DataFile::stats).toList());
            if (stats == null || !ParquetMerge.mergeable(conf, inputs)) {
                return Optional.empty();
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            String rel = dir + "part-" + fileIndex(0) + "-" + new UUID(rnd.nextLong(), rnd.nextLong())
                    + ".c000.snappy.parquet";
            path = new Path(root, rel);
            long records = files.stream().mapToLong(DataFile::numRecords).sum();
            long size = ParquetMerge.merge(conf, inputs, path, records);
            return Optional.of(new DataFile(dir.length() == 0 ? rel : new Path(rel).toUri().toString(), pv, size,
                    records, System.currentTimeMillis(), false, stats));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(path);
            throw new LakeException("merging " + files.size() + " data files of " + root + " failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public CommitResult compactFiles(List<DataFile> remove, List<DataFile> add, String operation) {
        return rewrite(-1, remove, null, List.copyOf(add), false, List.of(), operation);
    }

    /** Throws when {@code readVersion} is set (0 or more) and a commit landed after it. */
    private void unmoved(FastLog st, long readVersion, String operation) {
        if (readVersion >= 0 && st.version() != readVersion) {
            throw new CommitConflictException(operation + " on " + root + " was planned at version " + readVersion
                    + " and version " + st.version() + " landed since; plan again from a fresh snapshot", null);
        }
    }

    /**
     * @param written files already written for this commit ({@link #writeUncommitted}), kept when it fails (their
     *                writer may commit them again), or null to write {@code newRows} here (removed when it fails)
     */
    private CommitResult rewrite(long readVersion, List<DataFile> remove, List<Object[]> newRows,
                                 List<DataFile> written, boolean dataChange, Collection<Txn> txns, String operation) {
        Metadata md;
        synchronized (commitLock) {
            FastLog st = usable(dataChange ? TableUse.REWRITE : TableUse.COMPACT);
            md = st.metadata();
            unmoved(st, readVersion, operation);
            String missing = st.firstMissing(remove);
            if (missing != null) {
                throw new CommitConflictException(operation + " on " + root + " wanted to remove " + missing
                        + ", which is no longer in the table at version " + st.version()
                        + " (a concurrent commit removed it); plan again from a fresh snapshot", null);
            }
            if (!txns.isEmpty() && recorded(st::txnVersion, txns)) {
                return CommitResult.skipped(st.version());
            }
        }
        List<DataFile> adds = written != null ? written : writeFiles(md, newRows, dataChange);
        List<DataFile> owned = written != null ? List.of() : adds; // what a failure here deletes
        Map<String, Long> newTxns = new LinkedHashMap<>();
        for (Txn t : txns) {
            newTxns.put(t.appId(), t.version());
        }
        FastLog.Info info = info(operation, dataChange, md, remove, adds);
        try {
            Runnable hook = beforeRewriteCommit;
            if (hook != null) {
                hook.run();
            }
            for (int attempt = 1; ; attempt++) {
                synchronized (commitLock) {
                    // the first try commits on the view checked above; a lost race refreshes it and checks again
                    FastLog st = attempt == 1 ? fast : state();
                    if (st.metadata() == null || !st.metadata().getSchema().equals(md.getSchema())
                            || !st.metadata().getPartitionColumns().equals(md.getPartitionColumns())) {
                        throw new CommitConflictException("the schema of " + root + " changed during " + operation
                                + "; plan again from a fresh snapshot", null);
                    }
                    guard(st, dataChange ? TableUse.REWRITE : TableUse.COMPACT);
                    unmoved(st, readVersion, operation);
                    String missing = st.firstMissing(remove);
                    if (missing != null) {
                        throw new CommitConflictException(operation + " on " + root + " conflicted with a concurrent"
                                + " commit: it removed " + missing + " before version " + (st.version() + 1)
                                + "; plan again from a fresh snapshot", null);
                    }
                    if (!txns.isEmpty() && recorded(st::txnVersion, txns)) {
                        deleteQuietly(owned);
                        return CommitResult.skipped(st.version());
                    }
                    try {
                        long v = st.commitRewrite(info, remove, dataChange, adds, newTxns);
                        return result(v, adds, remove.size(), attempt);
                    } catch (IOException e) {
                        if (!FastLog.isLostRace(e)) {
                            throw new CommitStateUnknownException(operation + " on " + root + " failed while"
                                    + " committing and may or may not have landed (" + e.getMessage()
                                    + "); its data files are kept", e);
                        }
                        LOST_RACES.increment();
                        if (attempt >= 100) {
                            throw new LakeException("cannot commit " + operation + " to " + root + ": lost the race"
                                    + " for a version " + attempt + " times", e);
                        }
                    }
                }
            }
        } catch (CommitStateUnknownException e) {
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(owned);
            throw e instanceof LakeException le ? le : new LakeException(operation + " on " + root + " failed: " + e, e);
        }
    }

    /**
     * The commitInfo of a rewrite as delta-spark writes it: OPTIMIZE with its predicate and zOrderBy (snapshot
     * isolation, as Spark's compaction), MERGE, DELETE, and a recompute as WRITE with mode Overwrite.
     */
    private static FastLog.Info info(String operation, boolean dataChange, Metadata md, List<DataFile> removed,
                                     List<DataFile> added) {
        String name = operation.toUpperCase(Locale.ROOT);
        Map<String, String> p = new LinkedHashMap<>();
        switch (name) {
            case "OPTIMIZE" -> {
                p.put("predicate", "[]");
                p.put("zOrderBy", "[]");
                p.put("auto", "false");
            }
            case "WRITE" -> {
                p.put("mode", "Overwrite");
                p.put("partitionBy", jsonArray(md.getPartitionColumns()));
            }
            default -> p.put("dataChange", String.valueOf(dataChange));
        }
        return new FastLog.Info(name, p, false, dataChange ? "Serializable" : "SnapshotIsolation",
                metrics(removed, added));
    }

    /**
     * A rewrite's operationMetrics under delta-spark's names (OPTIMIZE's numAddedFiles, numRemovedFiles,
     * numAddedBytes, numRemovedBytes; MERGE's numTargetFilesAdded, numTargetFilesRemoved; numOutputRows), so
     * {@code DESCRIBE HISTORY} shows what a compaction or a MERGE did. Values are strings, as Spark writes them.
     */
    private static Map<String, String> metrics(List<DataFile> removed, List<DataFile> added) {
        long removedBytes = removed.stream().mapToLong(DataFile::sizeBytes).sum();
        long addedBytes = added.stream().mapToLong(DataFile::sizeBytes).sum();
        long rows = added.stream().mapToLong(f -> Math.max(0, f.numRecords())).sum();
        // unlike parameters, Standalone encodes metric values itself: given as plain text
        Map<String, String> m = new LinkedHashMap<>();
        m.put("numRemovedFiles", String.valueOf(removed.size()));
        m.put("numAddedFiles", String.valueOf(added.size()));
        m.put("numRemovedBytes", String.valueOf(removedBytes));
        m.put("numAddedBytes", String.valueOf(addedBytes));
        m.put("numTargetFilesRemoved", String.valueOf(removed.size()));
        m.put("numTargetFilesAdded", String.valueOf(added.size()));
        m.put("numOutputRows", String.valueOf(rows));
        return m;
    }

    // ---------------------------------------------------------------- read

    @Override
    public TableState current() {
        synchronized (commitLock) {
            FastLog st = state();
            if (st.metadata() == null) {
                return new TableState(-1, List.of(), Map.of());
            }
            guard(st, TableUse.READ);
            return new TableState(st.version(), st.dataFiles(), st.txns());
        }
    }

    @Override
    public List<DataFile> files() {
        // from the fast log's view (the checkpoint and the commits after it, kept up to date incrementally), not a
        // Standalone snapshot, whose update lists the whole log directory on every call
        synchronized (commitLock) {
            FastLog st = state();
            return st.metadata() == null ? List.of() : st.dataFiles(); // no table yet: no files, as before
        }
    }


    @Override
    public List<DataFile> filesAt(long version) {
        return toDataFiles(log().getSnapshotForVersionAsOf(version).getAllFiles());
    }

    @Override
    public List<DataFile> filesAddedBetween(long sinceVersion, long toVersion, boolean dataChangeOnly) {
        List<DataFile> out = new ArrayList<>();
        for (Commit c : commitsBetween(sinceVersion, toVersion)) {
            for (DataFile f : c.added()) {
                if (!dataChangeOnly || f.dataChange()) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Override
    public List<Commit> commitsBetween(long sinceVersion, long toVersion) {
        List<Commit> out = new ArrayList<>();
        long to = Math.min(toVersion, version());
        if (sinceVersion + 1 > to) {
            return out;
        }
        Iterator<VersionLog> it = log().getChanges(sinceVersion + 1, true);
        while (it.hasNext()) {
            VersionLog vl = it.next();
            if (vl.getVersion() > to) {
                break;
            }
            List<Txn> txns = new ArrayList<>();
            List<DataFile> added = new ArrayList<>();
            boolean removedData = false;
            for (Action a : vl.getActions()) {
                if (a instanceof SetTransaction t) {
                    txns.add(new Txn(t.getAppId(), t.getVersion()));
                } else if (a instanceof AddFile add) {
                    added.add(toDataFile(add));
                } else if (a instanceof RemoveFile rm) {
                    removedData |= rm.isDataChange();
                }
            }
            out.add(new Commit(vl.getVersion(), txns, added, removedData));
        }
        return out;
    }

    @Override
    public void scan(List<DataFile> files, Consumer<Object[]> sink) {
        scan(files, DeltaSchemas.fromDelta(metadata().getSchema()), sink);
    }

    @Override
    public void scan(List<DataFile> files, List<String> columns, Consumer<Object[]> sink) {
        TableSchema all = DeltaSchemas.fromDelta(metadata().getSchema());
        List<Column> wanted = new ArrayList<>(columns.size());
        for (String c : columns) {
            int i = all.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException(root + " has no column " + c);
            }
            wanted.add(all.column(i));
        }
        scan(files, new TableSchema(wanted), sink);
    }

    private void scan(List<DataFile> files, TableSchema schema, Consumer<Object[]> sink) {
        for (DataFile f : files) {
            Object[] template = new Object[schema.size()];
            for (Map.Entry<String, String> pv : f.partitionValues().entrySet()) {
                int i = schema.indexOf(pv.getKey());
                if (i >= 0) {
                    template[i] = PartitionValues.parse(pv.getValue(), schema.column(i));
                }
            }
            try {
                ParquetRowReader.read(conf, resolve(f.path()), schema, template, sink);
            } catch (IOException e) {
                throw new LakeException("cannot read " + f.path() + " of " + root + ": " + e.getMessage(), e);
            }
        }
    }

    private Path resolve(String logPath) {
        try {
            URI uri = new URI(logPath);
            return uri.isAbsolute() ? new Path(uri) : new Path(root, new Path(uri));
        } catch (URISyntaxException e) {
            throw new LakeException("bad file path in the Delta log of " + root + ": " + logPath, e);
        }
    }

    private static List<DataFile> toDataFiles(List<AddFile> adds) {
        List<DataFile> out = new ArrayList<>(adds.size());
        for (AddFile a : adds) {
            out.add(toDataFile(a));
        }
        return out;
    }

    static DataFile toDataFile(AddFile a) {
        String stats = a.getStats();
        if (stats != null && stats.startsWith("\"")) {
            stats = unquote(stats); // an AddFile we built ourselves holds the literal
        }
        return new DataFile(a.getPath(), a.getPartitionValues() == null ? Map.of() : new HashMap<>(a.getPartitionValues()),
                a.getSize(), numRecords(stats), a.getModificationTime(), a.isDataChange(), stats);
    }

    static long numRecords(String stats) {
        if (stats == null) {
            return -1;
        }
        int i = stats.indexOf("\"numRecords\":");
        if (i < 0) {
            return -1;
        }
        int j = i + "\"numRecords\":".length();
        int k = j;
        while (k < stats.length() && Character.isDigit(stats.charAt(k))) {
            k++;
        }
        return k == j ? -1 : Long.parseLong(stats.substring(j, k));
    }

    // ---------------------------------------------------------------- history & maintenance

    @Override
    public List<HistoryEntry> history(int limit) {
        // each commit's commitInfo read from its own JSON file: Standalone's history manager lists the whole log
        // once per version asked for, which on a table of 10,000 commits costs seconds
        List<HistoryEntry> out = new ArrayList<>();
        long latest = version();
        Path logDir = new Path(root, "_delta_log");
        FileSystem fs;
        try {
            fs = logDir.getFileSystem(conf);
        } catch (IOException e) {
            throw new LakeException("cannot read the history of " + root + ": " + e.getMessage(), e);
        }
        for (long v = latest; v >= 0 && out.size() < limit; v--) {
            HistoryEntry h;
            try {
                synchronized (history) {
                    h = history.get(v);
                }
                if (h == null) {
                    h = commitInfo(fs, new Path(logDir, String.format("%020d.json", v)), v);
                    if (h != null) {
                        synchronized (history) {
                            history.put(v, h);
                        }
                    }
                }
            } catch (FileNotFoundException e) {
                break; // older commits were cleaned up by log retention
            } catch (IOException e) {
                throw new LakeException("cannot read version " + v + " of " + root + ": " + e.getMessage(), e);
            }
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    /** The commitInfo of one commit file, or null when it has none. */
    private static HistoryEntry commitInfo(FileSystem fs, Path file, long version) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("{\"commitInfo\"")) {
                    continue;
                }
                JsonNode ci = JSON.readTree(line).get("commitInfo");
                long ts = ci.path("timestamp").asLong(0);
                return new HistoryEntry(version, Instant.ofEpochMilli(ts), ci.path("operation").asText(null),
                        strings(ci.get("operationParameters")), ci.path("engineInfo").asText(""),
                        strings(ci.get("operationMetrics")));
            }
        }
        return null;
    }

    /** A JSON object's fields as strings (delta-spark writes parameter and metric values as strings). */
    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o != null && o.isObject()) {
            o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        return m;
    }

    @Override
    public void checkpoint() {
        synchronized (commitLock) {
            FastLog st = state();
            if (st.metadata() == null) {
                throw new LakeException(Errors.noTable(root.toString()));
            }
            guard(st, TableUse.CHECKPOINT);
            try {
                st.checkpointNow();
            } catch (IOException e) {
                throw new LakeException("cannot write a checkpoint of " + root + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long lastCheckpointVersion() {
        Path last = new Path(new Path(root, "_delta_log"), "_last_checkpoint");
        try {
            FileSystem fs = last.getFileSystem(conf);
            if (!fs.exists(last)) {
                return -1;
            }
            try (InputStream in = fs.open(last)) {
                return JSON.readTree(in).path("version").asLong(-1);
            }
        } catch (IOException e) {
            throw new LakeException("cannot read the last checkpoint of " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public VacuumResult vacuum(Instant cutoff) {
        long before = cutoff.toEpochMilli();
        synchronized (commitLock) {
            FastLog st = state();
            if (st.metadata() != null) {
                guard(st, TableUse.VACUUM);
            }
        }
        Snapshot s = log().update();
        if (s.getVersion() < 0) {
            throw new LakeException(Errors.noTable(root.toString()));
        }
        // live files stay; removed files stay while a version within the retention can still read them
        Set<String> live = new HashSet<>();
        for (AddFile a : s.getAllFiles()) {
            live.add(resolve(a.getPath()).toUri().getPath());
        }
        Set<String> recentlyRemoved = new HashSet<>();
        scala.collection.Iterator<RemoveFile> tombstones = ((SnapshotImpl) s).tombstones().iterator();
        while (tombstones.hasNext()) {
            RemoveFile r = tombstones.next();
            if (r.getDeletionTimestamp().orElse(Long.MAX_VALUE) >= before) {
                recentlyRemoved.add(resolve(r.getPath()).toUri().getPath());
            }
        }
        try {
            FileSystem fs = root.getFileSystem(conf);
            Vacuum v = new Vacuum(fs, root.toUri().getPath(), live, recentlyRemoved, before);
            v.walk(root);
            return new VacuumResult(v.deleted, v.bytes, v.kept);
        } catch (FileNotFoundException e) {
            throw new LakeException("VACUUM of " + root + ": the table folder is gone", e);
        } catch (IOException e) {
            throw new LakeException("VACUUM of " + root + " failed: " + e.getMessage(), e);
        }
    }

    /** One VACUUM walk over the table folder. */
    private static final class Vacuum {
        private final FileSystem fs;
        private final String rootPath;
        private final Set<String> live;
        private final Set<String> recentlyRemoved;
        private final long before;
        final List<String> deleted = new ArrayList<>();
        long bytes;
        int kept;

        Vacuum(FileSystem fs, String rootPath, Set<String> live, Set<String> recentlyRemoved, long before) {
            this.fs = fs;
            this.rootPath = rootPath.endsWith("/") ? rootPath : rootPath + "/";
            this.live = live;
            this.recentlyRemoved = recentlyRemoved;
            this.before = before;
        }

        void walk(Path dir) throws IOException {
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if ((name.startsWith("_") || name.startsWith(".")) && !(st.isDirectory() && name.contains("="))) {
                    continue; // _delta_log, _SUCCESS, .crc and temporary files belong to someone else
                }
                if (st.isDirectory()) {
                    walk(st.getPath());
                    continue;
                }
                String path = st.getPath().toUri().getPath();
                if (live.contains(path)) {
                    continue;
                }
                if (recentlyRemoved.contains(path) || st.getModificationTime() >= before) {
                    kept++;
                    continue;
                }
                // a file that vanished meanwhile (another VACUUM) is simply not counted
                if (fs.delete(st.getPath(), false)) {
                    deleted.add(path.startsWith(rootPath) ? path.substring(rootPath.length()) : path);
                    bytes += st.getLen();
                }
            }
        }
    }

    /**
     * Operation parameters: Delta Standalone writes each value into the commit JSON as is, and readers (Spark,
     * Standalone) expect strings, so every value is written as a JSON string literal.
     */
    private static Map<String, String> params(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], Json.string(new StringBuilder(), kv[i + 1]).toString());
        }
        return out;
    }

    /** The text of a JSON string literal. */
    static String unquote(String literal) {
        try {
            return JSON.readValue(literal, String.class);
        } catch (JsonProcessingException e) {
            throw new LakeException("bad JSON string literal in the Delta log: " + literal, e);
        }
    }

    /** A commit whose outcome is unknown: its files must stay (a later VACUUM removes them if unreferenced). */
    static final class CommitStateUnknownException extends LakeException {
        CommitStateUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String jsonArray(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.string(sb, items.get(i));
        }
        return sb.append(']').toString();
    }
}
