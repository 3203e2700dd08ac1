package com.wwi.lakehouse.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.ingest.QuarantineRecord;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.SchemaChange;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.pipeline.Freshness;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's data, read from the lake and the graph, never written: one JSON document.
 *
 * <ul>
 *   <li>{@code nodes} and {@code edges}: the graph's landing datasets and tables (edges from the graph alone), each
 *       table with its rows, version, last commit, files and size, schema, partitioning, protocol, recent history,
 *       the status of its last run and its freshness (versions and seconds behind each input);</li>
 *   <li>{@code quality}: per Bronze table and expectation, the records that broke it over the recent runs;</li>
 *   <li>{@code quarantine}: counts by dataset, kind and reason, and the newest records with their raw payload;</li>
 *   <li>{@code runs}: the recent event log rows, newest first; {@code eventhub}: per partition, the last batch;</li>
 *   <li>{@code gold}: the small Gold tables an analyst opens first, as rows by column name.</li>
 * </ul>
 *
 * <p>It reads only what the page shows: each table's snapshot (files and their statistics, from the checkpoint and
 * the commits after it), its last {@link #HISTORY} commits, the newest event log files holding {@link #MAX_RUNS}
 * runs, at most {@link #QUARANTINE_ROWS} quarantine rows (the newest files first) and Gold tables of at most
 * {@link #GOLD_ROWS} rows.
 */
public final class PipelineView {
    static final int HISTORY = 15;
    static final int MAX_RUNS = 2_000;
    static final int QUARANTINE_ROWS = 100_000;
    static final int QUARANTINE_SAMPLE = 500;
    static final int RAW_CHARS = 2_000;
    static final int GOLD_ROWS = 5_000;
    /** The Gold tables of the report. */
    static final List<String> REPORT = List.of("gold/campaign_sentiment_weekly", "gold/hashtag_sentiment_weekly",
            "gold/top_loss_making_campaign", "gold/country_wise_revenue");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENTHUB = Pattern.compile("eventhub:(.*)\\[(\\d+)\\.\\.(\\d+)]");

    private final Lake lake;
    private final String root;
    private final PipelineGraph graph;
    private final Clock clock;

    public PipelineView(Lake lake, String root, PipelineGraph graph, Clock clock) {
        this.lake = lake;
        this.root = root;
        this.graph = graph;
        this.clock = clock;
    }

    /** The whole document. */
    public ObjectNode build() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("lake", root);
        doc.put("generatedAt", clock.instant().toString());
        List<RunResult> runs = recentRuns();
        Map<String, RunResult> lastRun = new HashMap<>();
        for (RunResult r : runs) { // newest first
            if (r.table() != null) {
                lastRun.putIfAbsent(r.table(), r);
            }
        }
        Map<String, TableState> states = new LinkedHashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        graph.tables().forEach(t -> paths.add(t.path()));
        paths.addAll(lake.listTables());
        // each table's snapshot read once, tables side by side (a cold start reads each one's checkpoint)
        List<String> ordered = new ArrayList<>(paths);
        List<TableState> read = ordered.parallelStream().map(p -> TableState.read(lake.table(p))).toList();
        for (int i = 0; i < ordered.size(); i++) {
            states.put(ordered.get(i), read.get(i));
        }
        ArrayNode nodes = doc.putArray("nodes");
        ArrayNode edges = doc.putArray("edges");
        for (LandingNode l : graph.landings()) {
            ObjectNode n = nodes.addObject();
            n.put("id", "landing/" + l.dataset().folder());
            n.put("kind", "landing");
            n.put("layer", "landing");
            n.put("label", l.dataset().folder());
            n.put("format", l.dataset().format().name().toLowerCase(Locale.ROOT));
            n.put("drift", l.drift().label());
            // the columns its Bronze table gained after the declared ones (drift policy evolve, or another engine)
            ArrayNode gained = n.putArray("gainedColumns");
            TableState bronze = states.get(l.dataset().bronzePath());
            if (bronze != null && bronze.schema() != null) {
                SchemaChange change = SchemaChange.between(bronze.schema(), l.dataset().bronzeSchema());
                if (change.kind() == SchemaChange.Kind.HAS_MORE_COLUMNS) {
                    change.columns().forEach(c -> gained.add(c + " " + bronze.schema().column(c).typeName()));
                }
            }
            ArrayNode rules = n.putArray("expectations");
            l.expectations().forEach(x -> rules.addObject().put("name", x.name()).put("constraint", x.constraint())
                    .put("action", x.action().name().toLowerCase(Locale.ROOT)));
            edges.addObject().put("from", n.get("id").asText()).put("to", l.dataset().bronzePath());
        }
        for (Map.Entry<String, TableState> e : states.entrySet()) {
            Optional<TableNode> declared = graph.table(e.getKey());
            ObjectNode n = table(e.getKey(), declared.orElse(null), e.getValue(), lastRun.get(e.getKey()), states);
            nodes.add(n);
            declared.ifPresent(t -> t.inputs().forEach(in -> edges.addObject().put("from", in).put("to", t.path())));
        }
        doc.set("quality", quality(runs));
        doc.set("quarantine", quarantine());
        ArrayNode runRows = doc.putArray("runs");
        for (RunResult r : runs) {
            runRows.add(run(r));
        }
        doc.set("eventhub", eventHub(runs));
        ObjectNode gold = doc.putObject("gold");
        for (String p : REPORT) {
            LakeTable t = lake.table(p);
            TableState s = states.get(p);
            if (s != null && s.exists && s.rows >= 0 && s.rows <= GOLD_ROWS) {
                gold.set(p, rows(t.schema(), t.readAll()));
            }
        }
        return doc;
    }

    /** What a table's snapshot says, read once. */
    record TableState(boolean exists, long version, Instant lastCommit, long rows, long files, long bytes,
                      TableSchema schema, List<String> partitionBy, String protocol, Map<String, String> properties,
                      List<HistoryEntry> history, String refused) {
        static TableState read(LakeTable t) {
            try {
                return readOrFail(t);
            } catch (TableRefusedException e) {
                // a table another engine upgraded past what we honour: shown as refused, the others as usual
                return new TableState(false, -1, null, 0, 0, 0, null, List.of(), null, Map.of(), List.of(), e.getMessage());
            }
        }

        private static TableState readOrFail(LakeTable t) {
            if (!t.exists()) {
                return new TableState(false, -1, null, 0, 0, 0, null, List.of(), null, Map.of(), List.of(), null);
            }
            List<DataFile> files = t.files();
            long rows = 0;
            long bytes = 0;
            for (DataFile f : files) {
                rows = rows < 0 || f.numRecords() < 0 ? -1 : rows + f.numRecords();
                bytes += f.sizeBytes();
            }
            List<HistoryEntry> history = t.history(HISTORY);
            return new TableState(true, t.version(), history.isEmpty() ? null : history.get(0).timestamp(), rows,
                    files.size(), bytes, t.schema(), t.partitionColumns(), t.protocol(), t.properties(), history, null);
        }
    }

    private ObjectNode table(String path, TableNode declared, TableState s, RunResult last,
                             Map<String, TableState> states) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", path);
        n.put("kind", "table");
        n.put("layer", declared != null ? declared.layer().label() : path.startsWith("_system/") ? "system"
                : path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/')));
        n.put("label", path.substring(path.indexOf('/') + 1));
        n.put("declared", declared != null);
        if (declared != null) {
            n.put("follows", declared.follows().name().toLowerCase(Locale.ROOT));
            n.put("description", declared.description());
        }
        n.put("exists", s.exists);
        if (s.refused != null) {
            n.put("refused", s.refused);
            n.put("description", "refused: " + s.refused);
        }
        if (s.exists) {
            n.put("version", s.version);
            if (s.lastCommit != null) {
                n.put("lastCommit", s.lastCommit.toString());
            }
            n.put("rows", s.rows);
            n.put("files", s.files);
            n.put("bytes", s.bytes);
            n.put("protocol", s.protocol);
            ArrayNode cols = n.putArray("schema");
            for (Column c : s.schema.columns()) {
                ObjectNode col = cols.addObject().put("name", c.name()).put("type", c.typeName())
                        .put("nullable", c.nullable());
                if (c.comment() != null) {
                    col.put("comment", c.comment());
                }
            }
            ArrayNode parts = n.putArray("partitionBy");
            s.partitionBy.forEach(parts::add);
            ObjectNode props = n.putObject("properties");
            s.properties.forEach(props::put);
            ArrayNode history = n.putArray("history");
            for (HistoryEntry h : s.history) {
                ObjectNode e = history.addObject().put("version", h.version()).put("timestamp", h.timestamp().toString())
                        .put("operation", h.operation());
                long added = h.metric("numOutputRows");
                if (added >= 0) {
                    e.put("rowsAdded", added);
                }
                long removedFiles = Math.max(h.metric("numRemovedFiles"), h.metric("numTargetFilesRemoved"));
                if (removedFiles >= 0) {
                    e.put("filesRemoved", removedFiles);
                }
            }
        }
        if (last != null) {
            n.set("lastRun", run(last));
        }
        if (declared != null && s.exists && !declared.inputs().isEmpty()) {
            n.set("freshness", freshness(declared, s, last, states));
        }
        return n;
    }

    /**
     * How far a table is behind each input: the input's version now against the one the table consumed (a Gold
     * table's txn records it; Silver's last run says), and the seconds from the table's last commit to the input's
     * newest commit when the input has moved on since.
     */
    private ObjectNode freshness(TableNode t, TableState s, RunResult last, Map<String, TableState> states) {
        ObjectNode f = JSON.createObjectNode();
        Map<String, Long> consumed = new LinkedHashMap<>();
        if (t.follows().isGold()) {
            consumed.putAll(Freshness.consumedByGold(lake.table(t.path()), t));
        } else if (t.follows() == Follows.SCORED && last != null) {
            consumed.putAll(last.inputVersions());
        }
        long maxVersions = 0;
        long maxSeconds = 0;
        ArrayNode inputs = f.putArray("inputs");
        for (String in : t.inputs()) {
            TableState is = states.get(in);
            ObjectNode i = inputs.addObject().put("table", in);
            if (is == null || !is.exists) {
                continue;
            }
            i.put("version", is.version);
            Long c = consumed.get(in);
            if (c != null) {
                long behind = Math.max(0, is.version - c);
                i.put("consumed", c).put("behindVersions", behind);
                long seconds = behind > 0 && is.lastCommit != null && s.lastCommit != null
                        ? Math.max(0, Duration.between(s.lastCommit, is.lastCommit).toSeconds()) : 0;
                i.put("behindSeconds", seconds);
                maxVersions = Math.max(maxVersions, behind);
                maxSeconds = Math.max(maxSeconds, seconds);
            }
        }
        f.put("known", !consumed.isEmpty());
        f.put("behindVersions", maxVersions);
        f.put("behindSeconds", maxSeconds);
        return f;
    }

    /**
     * The most recent runs, newest first: the event log's newest files (by modification time) until they hold
     * {@link #MAX_RUNS} rows, so what is read does not grow with the log.
     */
    private List<RunResult> recentRuns() {
        LakeTable log = lake.table(SystemTables.EVENT_LOG);
        if (!log.exists()) {
            return List.of();
        }
        List<DataFile> files = new ArrayList<>(log.files());
        files.sort(Comparator.comparingLong(DataFile::modificationTime).reversed());
        List<DataFile> read = new ArrayList<>();
        long rows = 0;
        for (DataFile f : files) {
            if (rows >= MAX_RUNS) {
                break;
            }
            read.add(f);
            rows += Math.max(1, f.numRecords());
        }
        List<RunResult> out = new ArrayList<>();
        log.scan(read, r -> out.add(RunResult.fromRow(r)));
        out.sort(Comparator.comparing(RunResult::startedAt).reversed());
        return out.size() > MAX_RUNS ? out.subList(0, MAX_RUNS) : out;
    }

    private static ObjectNode run(RunResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stage", r.stage().label());
        n.put("status", r.status().label());
        n.put("table", r.table());
        n.put("source", r.source());
        n.put("startedAt", r.startedAt().toString());
        n.put("durationMs", r.durationMs());
        n.put("rowsIn", r.rowsIn());
        n.put("rowsWritten", r.rowsWritten());
        n.put("rowsQuarantined", r.rowsQuarantined());
        n.put("rowsDuplicate", r.rowsDuplicate());
        n.put("tableVersion", r.tableVersion());
        if (r.message() != null) {
            n.put("message", r.message());
        }
        return n;
    }

    /** Per Bronze table and rule: records that broke it, and the records read, over the recent runs. */
    private ObjectNode quality(List<RunResult> runs) {
        ObjectNode q = JSON.createObjectNode();
        for (LandingNode l : graph.landings()) {
            String path = l.dataset().bronzePath();
            long read = 0;
            int n = 0;
            Map<String, Long> failed = new LinkedHashMap<>();
            for (RunResult r : runs) {
                if (path.equals(r.table()) && r.status() != RunStatus.FAILED && r.status() != RunStatus.REJECTED
                        && r.status() != RunStatus.EVOLVED) { // a schema change reads no record
                    n++;
                    read += r.rowsIn() - r.rowsDuplicate();
                    r.expectations().forEach((name, c) -> failed.merge(name, c.failed(), Long::sum));
                }
            }
            ObjectNode t = q.putObject(path);
            t.put("runs", n);
            t.put("recordsRead", read);
            ArrayNode rules = t.putArray("rules");
            for (var x : l.expectations()) {
                long f = failed.getOrDefault(x.name(), 0L);
                rules.addObject().put("name", x.name()).put("constraint", x.constraint())
                        .put("action", x.action().name().toLowerCase(Locale.ROOT)).put("failed", f)
                        .put("passed", Math.max(0, read - f));
            }
        }
        return q;
    }

    /** Counts by dataset, kind and reason, and the newest records, from at most {@link #QUARANTINE_ROWS} rows. */
    private ObjectNode quarantine() {
        ObjectNode q = JSON.createObjectNode();
        LakeTable t = lake.table(SystemTables.QUARANTINE);
        List<QuarantineRecord> records = new ArrayList<>();
        long total = 0;
        if (t.exists()) {
            List<DataFile> files = new ArrayList<>(t.files());
            files.sort(Comparator.comparingLong(DataFile::modificationTime).reversed());
            List<DataFile> read = new ArrayList<>();
            long rows = 0;
            for (DataFile f : files) {
                total += Math.max(0, f.numRecords());
                if (rows < QUARANTINE_ROWS) {
                    read.add(f);
                    rows += Math.max(0, f.numRecords());
                }
            }
            t.scan(read, r -> records.add(QuarantineRecord.fromRow(r)));
        }
        q.put("total", total);
        q.put("counted", records.size());
        // a record a replay landed in Bronze is resolved: counted apart, not in the groups of what is still bad
        Set<String> resolved = Quarantine.resolvedIds(lake, records);
        q.put("resolved", resolved.size());
        Map<List<String>, Long> groups = new LinkedHashMap<>();
        for (QuarantineRecord r : records) {
            if (!resolved.contains(r.id())) {
                groups.merge(List.of(r.dataset(), r.kind().label(), r.reason()), 1L, Long::sum);
            }
        }
        ArrayNode counts = q.putArray("counts");
        groups.entrySet().stream().sorted(Map.Entry.<List<String>, Long>comparingByValue().reversed()).limit(200)
                .forEach(e -> counts.addObject().put("dataset", e.getKey().get(0)).put("kind", e.getKey().get(1))
                        .put("reason", e.getKey().get(2)).put("count", e.getValue()));
        records.sort(Comparator.comparing(QuarantineRecord::quarantinedAt).reversed());
        ArrayNode sample = q.putArray("sample");
        for (QuarantineRecord r : records.subList(0, Math.min(QUARANTINE_SAMPLE, records.size()))) {
            String raw = r.raw() == null ? "" : r.raw();
            sample.addObject().put("dataset", r.dataset()).put("source", r.source()).put("offset", r.sourceOffset())
                    .put("kind", r.kind().label()).put("reason", r.reason())
                    .put("raw", raw.length() > RAW_CHARS ? raw.substring(0, RAW_CHARS) + "…" : raw)
                    .put("encoding", r.rawEncoding()).put("at", r.quarantinedAt().toString())
                    .put("state", resolved.contains(r.id()) ? "resolved" : "unresolved");
        }
        return q;
    }

    /** Per Event Hub partition: the last batch landed (its last sequence number and when), from the recent runs. */
    private static ArrayNode eventHub(List<RunResult> runs) {
        ArrayNode out = JSON.createArrayNode();
        Set<String> seen = new LinkedHashSet<>();
        for (RunResult r : runs) {
            Matcher m = r.source() == null ? null : EVENTHUB.matcher(r.source());
            if (m != null && m.matches() && seen.add(m.group(1))) {
                out.addObject().put("partition", m.group(1)).put("lastSequence", Long.parseLong(m.group(3)))
                        .put("at", r.startedAt().toString()).put("status", r.status().label());
            }
        }
        return out;
    }

    /** Rows as objects by column name; values as JSON numbers, strings and booleans. */
    static ArrayNode rows(TableSchema schema, List<Object[]> rows) {
        ArrayNode out = JSON.createArrayNode();
        List<String> names = schema.names();
        for (Object[] r : rows) {
            ObjectNode o = out.addObject();
            for (int i = 0; i < names.size(); i++) {
                Object v = r[i];
                if (v == null || v instanceof Number || v instanceof Boolean) {
                    o.set(names.get(i), JSON.valueToTree(v));
                } else {
                    o.put(names.get(i), v.toString()); // dates, timestamps and strings as text
                }
            }
        }
        return out;
    }
}
