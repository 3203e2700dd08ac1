package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableUse;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Format;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.internal.DeltaLogImpl;
import io.delta.standalone.internal.SnapshotImpl;
import io.delta.standalone.internal.storage.DelegatingLogStore;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.StructType;
import io.delta.storage.CloseableIterator;
import io.delta.storage.LogStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The append path's view of a table's log, kept up to date incrementally instead of rebuilding a snapshot per
 * commit: the latest version, the recorded txn versions and the metadata. It is loaded once from a Delta
 * Standalone snapshot, then advanced by reading each new commit file ({@code <version>.json}) as it appears, and
 * rebuilt when a commit changes metadata or protocol, or when it has not been rebuilt for ten minutes.
 *
 * <p>Commits go through Delta's own {@link LogStore} (put-if-absent of the next commit file), exactly as Delta
 * Standalone and delta-spark write them; a lost race is a {@link FileAlreadyExistsException} and the caller
 * retries at the next version. Checkpoints are written in the background every {@code delta.checkpointInterval}
 * commits. All methods are called under the table's commit lock.
 */
final class FastLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REBUILD_AFTER_MS = 10 * 60 * 1000L;
    /** Tombstones are kept in checkpoints for a week, as Delta's deletedFileRetentionDuration default. */
    private static final long TOMBSTONE_RETENTION_MS = 7L * 24 * 3600 * 1000;
    private static final ExecutorService CHECKPOINTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "delta-checkpoints");
        t.setDaemon(true);
        return t;
    });

    private final Configuration conf;
    private final Path logDir;
    private final Supplier<DeltaLogImpl> log;
    private final LogStore store;
    private final FileSystem fs;
    private final String logDirUri;
    /** The log folder as a local file (null on remote storage): probes and reads skip Hadoop's paths there. */
    private final java.io.File localLogDir;

    private long version = -1;
    private final Map<String, Long> txns = new HashMap<>();
    private final Map<String, Long> txnUpdated = new HashMap<>();
    private final Map<String, CheckpointWriter.Add> files = new LinkedHashMap<>();
    private final Map<String, CheckpointWriter.Remove> tombstones = new LinkedHashMap<>();
    private TableFeatures.Protocol protocol = TableFeatures.Protocol.OURS;
    private Metadata metadata;
    private long rebuiltAt;
    /** When this view last ran log retention (0: not yet, so the first checkpoint of a process runs it). */
    private long lastCleanup;
    private volatile Future<?> lastCheckpoint;
    private Metadata checkpointMetaOf;
    private CheckpointWriter.Meta checkpointMeta;

    FastLog(Configuration conf, Path root, Supplier<DeltaLogImpl> log) {
        this.conf = conf;
        this.logDir = new Path(root, "_delta_log");
        this.log = log;
        this.store = new DelegatingLogStore(conf); // as Standalone's own, without opening its view of the table
        this.logDirUri = logDir.toUri().toString() + "/";
        this.localLogDir = Files2.isLocal(root) ? new java.io.File(logDir.toUri().getPath()) : null;
        try {
            this.fs = logDir.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long version() {
        return version;
    }

    Metadata metadata() {
        return metadata;
    }

    long txnVersion(String appId) {
        return txns.getOrDefault(appId, -1L);
    }

    /** Every txn of this view: appId to version (a copy). */
    Map<String, Long> txns() {
        return new HashMap<>(txns);
    }

    /** Brings the state up to the latest commit. */
    void refresh() {
        if (metadata == null || System.currentTimeMillis() - rebuiltAt > REBUILD_AFTER_MS) {
            rebuild();
            return;
        }
        try {
            if (!applyNewCommits()) {
                rebuild();
            }
        } catch (IOException e) {
            throw new LakeException("cannot read the Delta log of " + logDir.getParent() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and applies the commit files after this view's version, one by one, probing for the next (no listing).
     * False when one changes metadata or protocol: the state must then be rebuilt.
     */
    private boolean applyNewCommits() throws IOException {
        while (true) {
            byte[] content;
            if (localLogDir != null) {
                // straight from the file, as bytes: the Hadoop read path and a decoder cost more than the read. The
                // probe for a commit not there yet is a stat: a failed open throws, and an exception's stack trace
                // cost more than the stat (a commit file once there stays: only old versions are ever deleted)
                java.io.File next = new java.io.File(localLogDir, commitName(version + 1));
                if (!next.exists()) {
                    return true;
                }
                try (java.io.FileInputStream in = new java.io.FileInputStream(next)) {
                    content = in.readAllBytes();
                } catch (FileNotFoundException e) {
                    return true; // deleted since the stat: an old version log retention removed
                }
            } else {
                Path next = commitFile(version + 1);
                if (!fs.exists(next)) {
                    return true;
                }
                StringBuilder sb = new StringBuilder();
                try (CloseableIterator<String> it = store.read(next, conf)) {
                    while (it.hasNext()) {
                        sb.append(it.next()).append('\n');
                    }
                }
                content = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (!apply(version + 1, content)) {
                return false;
            }
        }
    }

    /** The live data files at this view's version, in the order they were added (as {@code files()} returns). */
    List<DataFile> dataFiles() {
        List<DataFile> out = new ArrayList<>(files.size());
        for (CheckpointWriter.Add a : files.values()) {
            String stats = a.statsUtf8() == null ? null : new String(a.statsUtf8(), StandardCharsets.UTF_8);
            if (stats != null && stats.startsWith("\"")) {
                stats = DeltaTable.unquote(stats); // an AddFile we built ourselves holds the literal
            }
            out.add(new DataFile(a.path(), a.partitionValues() == null ? Map.of() : new HashMap<>(a.partitionValues()),
                    a.size(), DeltaTable.numRecords(stats), a.modificationTime(), a.dataChange(), stats));
        }
        return out;
    }

    /** The table's protocol: versions and the features it lists. */
    TableFeatures.Protocol protocol() {
        return protocol;
    }

    /**
     * The whole state afresh (the first use, after metadata or protocol changes, and every ten minutes): from the
     * last checkpoint and the commits after it when that can be read directly ({@link #fromCheckpoint}), else from a
     * Standalone snapshot ({@link #rebuildFromSnapshot}).
     */
    void rebuild() {
        boolean done;
        try {
            done = fromCheckpoint();
        } catch (TableRefusedException e) {
            throw e; // the checkpoint names a feature we cannot honour: the snapshot would only say less
        } catch (IOException | RuntimeException e) {
            done = false; // anything unexpected: the snapshot decides
        }
        if (!done) {
            rebuildFromSnapshot();
        }
    }

    /**
     * Reads {@code _last_checkpoint}, the single-file checkpoint it names and the commit files after it, probing
     * version by version (no listing of the log directory, which is what makes a Standalone snapshot slow on a table
     * of many commits). False, with the state to be rebuilt by the caller, when there is no checkpoint, it is in
     * parts, it lacks metadata or protocol, or a later commit changes either.
     */
    private boolean fromCheckpoint() throws IOException {
        Path last = new Path(logDir, "_last_checkpoint");
        JsonNode lc;
        try (FSDataInputStream in = fs.open(last)) {
            lc = JSON.readTree(in);
        } catch (FileNotFoundException e) {
            return false;
        }
        if (lc == null || !lc.has("version") || lc.has("parts") || lc.has("v2Checkpoint")) {
            return false;
        }
        long v = lc.get("version").asLong();
        Path checkpoint = new Path(logDir, String.format("%020d.checkpoint.parquet", v));
        txns.clear();
        txnUpdated.clear();
        files.clear();
        tombstones.clear();
        metadata = null;
        Metadata meta = null;
        int reader = -1;
        int writer = -1;
        List<String> readerFeatures = List.of();
        List<String> writerFeatures = List.of();
        try (ParquetReader<Group> rows = ParquetReader.builder(new GroupReadSupport(), checkpoint).withConf(conf).build()) {
            for (Group g = rows.read(); g != null; g = rows.read()) {
                if (has(g, "txn")) {
                    Group t = g.getGroup("txn", 0);
                    txns.put(t.getString("appId", 0), t.getLong("version", 0));
                    txnUpdated.put(t.getString("appId", 0), has(t, "lastUpdated") ? t.getLong("lastUpdated", 0) : 0L);
                }
                if (has(g, "add")) {
                    Group a = g.getGroup("add", 0);
                    String path = a.getString("path", 0);
                    files.put(path, CheckpointWriter.Add.of(path, map(a, "partitionValues"), a.getLong("size", 0),
                            a.getLong("modificationTime", 0), !has(a, "dataChange") || a.getBoolean("dataChange", 0),
                            has(a, "stats") ? a.getString("stats", 0) : null,
                            has(a, "tags") ? map(a, "tags") : null));
                }
                if (has(g, "remove")) {
                    Group r = g.getGroup("remove", 0);
                    String path = r.getString("path", 0);
                    tombstones.put(path, new CheckpointWriter.Remove(path,
                            has(r, "deletionTimestamp") ? r.getLong("deletionTimestamp", 0) : 0L,
                            !has(r, "dataChange") || r.getBoolean("dataChange", 0),
                            has(r, "partitionValues") ? map(r, "partitionValues") : null,
                            has(r, "size") ? r.getLong("size", 0) : null));
                }
                if (has(g, "metaData")) {
                    meta = metadataOf(g.getGroup("metaData", 0));
                }
                if (has(g, "protocol")) {
                    Group p = g.getGroup("protocol", 0);
                    reader = p.getInteger("minReaderVersion", 0);
                    writer = p.getInteger("minWriterVersion", 0);
                    readerFeatures = strings(p, "readerFeatures");
                    writerFeatures = strings(p, "writerFeatures");
                }
            }
        } catch (FileNotFoundException e) {
            return false;
        }
        if (meta == null || reader < 0) {
            return false;
        }
        accept(new TableFeatures.Protocol(reader, writer, readerFeatures, writerFeatures), meta);
        version = v;
        metadata = meta;
        if (!applyNewCommits()) { // the commits after the checkpoint, as refresh reads them
            metadata = null;
            return false;
        }
        rebuiltAt = System.currentTimeMillis();
        FROM_CHECKPOINT.incrementAndGet();
        return true;
    }

    /** How many states were built from a checkpoint rather than a snapshot (tests). */
    static final AtomicLong FROM_CHECKPOINT = new AtomicLong();

    /**
     * Takes the protocol of a rebuilt state, or refuses the table when reading it needs a reader feature (deletion
     * vectors, column mapping, ...): the state is then left empty, so every later use refuses again.
     */
    private void accept(TableFeatures.Protocol p, Metadata meta) {
        try {
            TableFeatures.check(logDir.getParent(), p, meta, TableUse.READ);
        } catch (RuntimeException e) {
            metadata = null;
            version = -1;
            files.clear();
            tombstones.clear();
            txns.clear();
            throw e;
        }
        protocol = p;
    }

    /** A Parquet LIST of strings (three-level or legacy two-level encoding); empty when absent. */
    private static List<String> strings(Group g, String field) {
        List<String> out = new ArrayList<>();
        if (!has(g, field)) {
            return out;
        }
        Group list = g.getGroup(field, 0);
        if (list.getType().getFieldCount() == 0) {
            return out;
        }
        String repeated = list.getType().getFieldName(0);
        boolean twoLevel = list.getType().getType(0).isPrimitive();
        for (int i = 0; i < list.getFieldRepetitionCount(repeated); i++) {
            out.add(twoLevel ? list.getString(repeated, i) : list.getGroup(repeated, i).getString(0, 0));
        }
        return out;
    }

    private static boolean has(Group g, String field) {
        return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
    }

    /** A Parquet MAP of strings (a repeated key/value group under the field), as a map; empty when absent. */
    private static Map<String, String> map(Group g, String field) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!has(g, field)) {
            return m;
        }
        Group map = g.getGroup(field, 0);
        if (map.getType().getFieldCount() == 0) {
            return m;
        }
        String entries = map.getType().getFieldName(0);
        for (int i = 0; i < map.getFieldRepetitionCount(entries); i++) {
            Group kv = map.getGroup(entries, i);
            m.put(kv.getString("key", 0), has(kv, "value") ? kv.getString("value", 0) : null);
        }
        return m;
    }

    private static Metadata metadataOf(Group m) {
        List<String> partitionColumns = strings(m, "partitionColumns");
        Format format = new Format();
        if (has(m, "format")) {
            Group f = m.getGroup("format", 0);
            format = new Format(has(f, "provider") ? f.getString("provider", 0) : "parquet",
                    has(f, "options") ? map(f, "options") : Map.of());
        }
        return Metadata.builder().id(m.getString("id", 0))
                .name(has(m, "name") ? m.getString("name", 0) : null)
                .description(has(m, "description") ? m.getString("description", 0) : null)
                .format(format).partitionColumns(partitionColumns).configuration(map(m, "configuration"))
                .createdTime(has(m, "createdTime") ? Optional.of(m.getLong("createdTime", 0)) : Optional.empty())
                .schema((StructType) DataType.fromJson(m.getString("schemaString", 0))).build();
    }

    /** From a full Standalone snapshot. */
    void rebuildFromSnapshot() {
        SnapshotImpl s = (SnapshotImpl) log.get().update();
        version = s.getVersion();
        txns.clear();
        txnUpdated.clear();
        files.clear();
        tombstones.clear();
        if (version < 0) {
            metadata = null;
            return;
        }
        Iterator<SetTransaction> it = s.setTransactions().iterator();
        while (it.hasNext()) {
            SetTransaction t = it.next();
            txns.put(t.getAppId(), t.getVersion());
            txnUpdated.put(t.getAppId(), t.getLastUpdated().orElse(0L));
        }
        for (AddFile a : s.getAllFiles()) {
            files.put(a.getPath(), CheckpointWriter.Add.of(a.getPath(), a.getPartitionValues(), a.getSize(),
                    a.getModificationTime(), a.isDataChange(), a.getStats(), a.getTags()));
        }
        Iterator<RemoveFile> rs = s.tombstones().iterator();
        while (rs.hasNext()) {
            RemoveFile r = rs.next();
            tombstones.put(r.getPath(), new CheckpointWriter.Remove(r.getPath(), r.getDeletionTimestamp().orElse(0L),
                    r.isDataChange(), r.getPartitionValues(), r.getSize().orElse(null)));
        }
        var p = s.protocol();
        TableFeatures.Protocol read = new TableFeatures.Protocol(p.getMinReaderVersion(), p.getMinWriterVersion(),
                List.of(), List.of());
        if (read.reader() >= 3 || read.writer() >= 7) { // Standalone keeps no feature lists: read them from the log
            read = ProtocolPeek.newest(conf, logDir.getParent())
                    .filter(q -> q.reader() == p.getMinReaderVersion() && q.writer() == p.getMinWriterVersion())
                    // not found in the commits (only in a checkpoint): an unknown feature, refused for writes
                    .orElse(new TableFeatures.Protocol(read.reader(), read.writer(),
                            read.reader() >= 3 ? List.of("(unknown)") : List.of(), List.of("(unknown)")));
        }
        accept(read, s.getMetadata());
        metadata = s.getMetadata();
        rebuiltAt = System.currentTimeMillis();
    }

    private static final byte[] COMMIT_INFO = "{\"commitInfo\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Applies one commit's actions (one JSON object per line, UTF-8); false when it changes metadata or protocol (then
     * rebuild). Each line is read with a streaming parser, and a commitInfo line, as every writer starts its commits
     * with, is skipped by its first bytes: this runs for every commit of every other writer of the table.
     */
    boolean apply(long v, byte[] content) throws IOException {
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            if (!applyLine(content, start, end - start)) {
                return false;
            }
            start = end + 1;
        }
        version = v;
        return true;
    }

    private boolean applyLine(byte[] b, int off, int len) throws IOException {
        if (startsWith(b, off, len, COMMIT_INFO)) {
            return true;
        }
        try (JsonParser p = JSON.getFactory().createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return true; // a blank line
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String action = p.currentName();
                JsonToken value = p.nextToken();
                if (action.equals("metaData") || action.equals("protocol")) {
                    return false;
                }
                if (value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                switch (action) {
                    case "txn" -> applyTxn(p);
                    case "add" -> applyAdd(p);
                    case "remove" -> applyRemove(p);
                    default -> p.skipChildren();
                }
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A txn action's fields, the parser at its START_OBJECT. */
    private void applyTxn(JsonParser p) throws IOException {
        String appId = null;
        long ver = 0;
        long updated = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "appId" -> appId = t == JsonToken.VALUE_NULL ? null : p.getText();
                case "version" -> ver = p.getValueAsLong();
                case "lastUpdated" -> updated = p.getValueAsLong(0);
                default -> p.skipChildren();
            }
        }
        txns.put(appId, ver);
        txnUpdated.put(appId, updated);
    }

    /** An add action's fields, the parser at its START_OBJECT. */
    private void applyAdd(JsonParser p) throws IOException {
        String path = null;
        Map<String, String> partitionValues = new LinkedHashMap<>();
        long size = 0;
        long modificationTime = 0;
        boolean dataChange = true;
        String stats = null;
        Map<String, String> tags = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "path" -> path = p.getText();
                case "partitionValues" -> partitionValues = stringMap(p, t);
                case "size" -> size = p.getValueAsLong();
                case "modificationTime" -> modificationTime = p.getValueAsLong();
                case "dataChange" -> dataChange = p.getValueAsBoolean(true);
                case "stats" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        stats = p.getText();
                    } else {
                        p.skipChildren(); // null, or not the string the protocol asks for
                    }
                }
                case "tags" -> tags = t == JsonToken.VALUE_NULL ? null : stringMap(p, t);
                default -> p.skipChildren();
            }
        }
        tombstones.remove(path);
        files.put(path, CheckpointWriter.Add.of(path, partitionValues, size, modificationTime, dataChange, stats,
                tags));
    }

    /** A remove action's fields, the parser at its START_OBJECT. */
    private void applyRemove(JsonParser p) throws IOException {
        String path = null;
        long deletionTimestamp = 0;
        boolean dataChange = true;
        Map<String, String> partitionValues = null;
        Long size = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "path" -> path = p.getText();
                case "deletionTimestamp" -> deletionTimestamp = p.getValueAsLong(0);
                case "dataChange" -> dataChange = p.getValueAsBoolean(true);
                case "partitionValues" -> partitionValues = t == JsonToken.VALUE_NULL ? null : stringMap(p, t);
                case "size" -> size = t == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                default -> p.skipChildren();
            }
        }
        files.remove(path);
        tombstones.put(path, new CheckpointWriter.Remove(path, deletionTimestamp, dataChange, partitionValues, size));
    }

    /** A JSON object of strings (values may be null or scalars), the parser at its START_OBJECT; empty otherwise. */
    private static Map<String, String> stringMap(JsonParser p, JsonToken at) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (at != JsonToken.START_OBJECT) {
            p.skipChildren();
            return m;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                m.put(k, null);
            } else if (t.isScalarValue()) {
                m.put(k, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return m;
    }

    /**
     * Writes the next commit: commitInfo, txn and add actions. Throws {@link FileAlreadyExistsException} when
     * another writer took that version first (refresh and try again).
     */
    long commit(List<DataFile> adds, Map<String, Long> newTxns, Map<String, String> operationParameters,
                long rows, long bytes) throws IOException {
        return write(appendInfo(operationParameters, adds.size(), rows, bytes), List.of(), true, adds, newTxns);
    }

    /**
     * Writes the next commit of a rewrite: commitInfo (the operation under delta-spark's name: OPTIMIZE, MERGE,
     * WRITE, DELETE), txn, remove and add actions. The caller has checked, at this view's version, that every file
     * it removes is still in the table; a lost race is a {@link FileAlreadyExistsException} as for appends.
     */
    long commitRewrite(Info info, List<DataFile> removes, boolean dataChange,
                       List<DataFile> adds, Map<String, Long> newTxns) throws IOException {
        return write(info, removes, dataChange, adds, newTxns);
    }

    /** The first of these files that is not in the table at this view's version, or null. */
    String firstMissing(List<DataFile> files) {
        for (DataFile f : files) {
            if (!this.files.containsKey(f.path())) {
                return f.path();
            }
        }
        return null;
    }

    /**
     * What a commit's commitInfo says: the operation, its parameters (each value written as one JSON string, as
     * delta-spark does), whether it is a blind append, the isolation level and the metrics (string values).
     */
    record Info(String operation, Map<String, String> parameters, boolean blindAppend, String isolationLevel,
                Map<String, String> metrics) {
    }

    private long write(Info info, List<DataFile> removes, boolean dataChange,
                       List<DataFile> adds, Map<String, Long> newTxns) throws IOException {
        long v = version + 1;
        long now = System.currentTimeMillis();
        List<String> lines = commitLines(version, now, info, removes, dataChange, adds, newTxns);
        store.write(commitFile(v), lines.iterator(), false, conf);
        txns.putAll(newTxns);
        for (String appId : newTxns.keySet()) {
            txnUpdated.put(appId, now);
        }
        for (DataFile r : removes) {
            files.remove(r.path());
            tombstones.put(r.path(), new CheckpointWriter.Remove(r.path(), now, dataChange, r.partitionValues(),
                    r.sizeBytes()));
        }
        for (DataFile a : adds) {
            tombstones.remove(a.path());
            files.put(a.path(), CheckpointWriter.Add.of(a.path(), a.partitionValues(), a.sizeBytes(),
                    a.modificationTime(), a.dataChange(), a.stats(), null));
        }
        version = v;
        maybeCheckpoint(v);
        return v;
    }

    /** The lines of a blind-append commit (kept for the byte-for-byte test of the append path). */
    static List<String> commitLines(long readVersion, long now, List<DataFile> adds,
                                    Map<String, Long> newTxns, Map<String, String> operationParameters, long rows,
                                    long bytes) {
        return commitLines(readVersion, now, appendInfo(operationParameters, adds.size(), rows, bytes), List.of(), true,
                adds, newTxns);
    }

    /** The commitInfo of a blind append, as delta-spark writes it: WRITE with its file, row and byte counts. */
    private static Info appendInfo(Map<String, String> operationParameters, int files, long rows, long bytes) {
        Map<String, String> metrics = new LinkedHashMap<>();
        metrics.put("numFiles", String.valueOf(files));
        metrics.put("numOutputRows", String.valueOf(rows));
        metrics.put("numOutputBytes", String.valueOf(bytes));
        return new Info("WRITE", operationParameters, true, "Serializable", metrics);
    }

    /**
     * The lines of a commit: commitInfo, txn, remove and add actions, one JSON object per line, written directly
     * (the same fields and values Jackson's tree model wrote, without building a tree per action).
     */
    static List<String> commitLines(long readVersion, long now, Info info,
                                    List<DataFile> removes, boolean removesChangeData,
                                    List<DataFile> adds, Map<String, Long> newTxns) {
        List<String> lines = new ArrayList<>(adds.size() + removes.size() + newTxns.size() + 1);
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"commitInfo\":{\"timestamp\":").append(now).append(",\"operation\":");
        Json.string(sb, info.operation()).append(",\"operationParameters\":");
        stringObject(sb, info.parameters());
        sb.append(",\"readVersion\":").append(readVersion).append(",\"isolationLevel\":");
        Json.string(sb, info.isolationLevel()).append(",\"isBlindAppend\":").append(info.blindAppend())
                .append(",\"operationMetrics\":");
        stringObject(sb, info.metrics());
        sb.append(",\"engineInfo\":");
        Json.string(sb, DeltaTable.ENGINE_INFO).append(",\"txnId\":\"").append(UUID.randomUUID()).append("\"}}");
        lines.add(sb.toString());
        for (Map.Entry<String, Long> t : newTxns.entrySet()) {
            sb.setLength(0);
            sb.append("{\"txn\":{\"appId\":");
            nullableString(sb, t.getKey());
            sb.append(",\"version\":").append(t.getValue()).append(",\"lastUpdated\":").append(now).append("}}");
            lines.add(sb.toString());
        }
        for (DataFile r : removes) {
            // as delta-spark writes a remove: extendedFileMetadata with the partition values and size
            sb.setLength(0);
            sb.append("{\"remove\":{\"path\":");
            nullableString(sb, r.path());
            sb.append(",\"deletionTimestamp\":").append(now).append(",\"dataChange\":").append(removesChangeData)
                    .append(",\"extendedFileMetadata\":true,\"partitionValues\":");
            stringObject(sb, r.partitionValues());
            sb.append(",\"size\":").append(r.sizeBytes()).append("}}");
            lines.add(sb.toString());
        }
        for (DataFile a : adds) {
            String stats = a.stats();
            sb.setLength(0);
            sb.ensureCapacity(160 + (stats == null ? 0 : stats.length() + stats.length() / 4));
            sb.append("{\"add\":{\"path\":");
            nullableString(sb, a.path());
            sb.append(",\"partitionValues\":");
            stringObject(sb, a.partitionValues());
            sb.append(",\"size\":").append(a.sizeBytes()).append(",\"modificationTime\":").append(a.modificationTime())
                    .append(",\"dataChange\":").append(a.dataChange()).append(",\"stats\":");
            nullableString(sb, stats);
            sb.append("}}");
            lines.add(sb.toString());
        }
        return lines;
    }

    private static void stringObject(StringBuilder sb, Map<String, String> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, e.getKey()).append(':');
            nullableString(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void nullableString(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
        } else {
            Json.string(sb, s);
        }
    }

    private void maybeCheckpoint(long v) {
        int interval = 10;
        String configured = metadata.getConfiguration().get("delta.checkpointInterval");
        if (configured != null) {
            try {
                interval = Integer.parseInt(configured);
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        if (interval > 0 && v % interval == 0) {
            CheckpointWriter.State state = snapshotState();
            long now = System.currentTimeMillis();
            OptionalLong retention = now - lastCleanup >= CLEANUP_EVERY_MS
                    ? LogCleanup.retentionMs(metadata.getConfiguration()) : OptionalLong.empty();
            if (retention.isPresent()) {
                lastCleanup = now;
            }
            lastCheckpoint = CHECKPOINTS.submit(() -> {
                try {
                    CheckpointWriter.write(conf, logDir, state);
                } catch (IOException | RuntimeException e) {
                    // a missing checkpoint only slows readers down; the next interval writes one
                    LoggerFactory.getLogger(FastLog.class)
                            .warn("checkpoint of {} at {} failed: {}", logDir.getParent(), v, e.toString());
                    return;
                }
                if (retention.isPresent()) {
                    cleanLog(retention.getAsLong());
                }
            });
        }
    }

    /**
     * Delta's log retention after a checkpoint ({@link LogCleanup}), at most once per {@link #CLEANUP_EVERY_MS} per
     * table and process: it lists the whole log folder, which a table committed to many times a second fills fast.
     */
    private void cleanLog(long retentionMs) {
        try {
            LogCleanup.Result r = LogCleanup.clean(fs, logDir, System.currentTimeMillis(), retentionMs);
            if (r.deleted() > 0) {
                LoggerFactory.getLogger(FastLog.class).info("log retention of {}: deleted {} log files before"
                        + " checkpoint {}", logDir.getParent(), r.deleted(), r.fromCheckpoint());
            }
        } catch (IOException | RuntimeException e) {
            // the next cleanup tries again; an old log file left behind only takes space
            LoggerFactory.getLogger(FastLog.class).warn("log retention of {} failed: {}", logDir.getParent(),
                    e.toString());
        }
    }

    /** Log retention runs at most this often per table and process (after a checkpoint). */
    static final long CLEANUP_EVERY_MS = 3600_000L;

    /** A copy of the state at the current version, for a checkpoint written in the background. */
    CheckpointWriter.State snapshotState() {
        long expiry = System.currentTimeMillis() - TOMBSTONE_RETENTION_MS;
        tombstones.values().removeIf(r -> r.deletionTimestamp() < expiry);
        Map<String, long[]> t = new LinkedHashMap<>();
        txns.forEach((k, ver) -> t.put(k, new long[]{ver, txnUpdated.getOrDefault(k, 0L)}));
        if (checkpointMetaOf != metadata) {
            // the schema's JSON is built once per metadata, not at every checkpoint
            checkpointMeta = new CheckpointWriter.Meta(metadata.getId(), metadata.getName(),
                    metadata.getDescription(), metadata.getFormat().getProvider(), metadata.getFormat().getOptions(),
                    metadata.getSchema().toJson(), metadata.getPartitionColumns(), metadata.getConfiguration(),
                    metadata.getCreatedTime().orElse(null));
            checkpointMetaOf = metadata;
        }
        CheckpointWriter.Meta meta = checkpointMeta;
        return new CheckpointWriter.State(version, protocol, meta, t, new ArrayList<>(files.values()),
                new ArrayList<>(tombstones.values()));
    }

    /** Writes a checkpoint of the current version now, in this thread. */
    void checkpointNow() throws IOException {
        CheckpointWriter.write(conf, logDir, snapshotState());
    }

    /** Waits until every checkpoint queued so far, of any table, is written (the queue is one thread). */
    static void awaitAllCheckpoints() {
        try {
            CHECKPOINTS.submit(() -> { }).get();
        } catch (Exception e) {
            throw new LakeException("waiting for background checkpoints failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the background checkpoint, if any (tests, and before a process exits). */
    void awaitCheckpoint() {
        Future<?> f = lastCheckpoint;
        if (f != null) {
            try {
                f.get();
            } catch (Exception e) {
                throw new LakeException("checkpoint failed: " + e.getMessage(), e);
            }
        }
    }

    private Path commitFile(long v) {
        return new Path(logDirUri + commitName(v));
    }

    /** The name of version {@code v}'s commit file: 20 digits and {@code .json}. */
    static String commitName(long v) {
        String digits = Long.toString(v);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + ".json";
    }

    static boolean isLostRace(IOException e) {
        return e instanceof FileAlreadyExistsException || e instanceof org.apache.hadoop.fs.FileAlreadyExistsException;
    }
}
