package com.wwi.lakehouse.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a step did, once it is over: immutable; one row of {@code _system/event_log}.
 *
 * @param runId           random id, also in the quarantine rows the run wrote
 * @param stage           the step
 * @param startedAt       when it started
 * @param table           the table it wrote (or would have), when there is one
 * @param source          what it read: {@code landing/<path>}, {@code eventhub:<hub>/<partition>[first..last]}, input tables
 * @param status          how it ended
 * @param durationMs      from start to end
 * @param rowsIn          records read
 * @param rowsWritten     rows committed to {@code table}
 * @param rowsQuarantined records committed to the quarantine
 * @param rowsDuplicate   records already committed by an earlier or concurrent delivery
 * @param expectations    per rule: its action and how many rows broke it
 * @param inputVersions   per input table, the version this run consumed (Silver, Gold)
 * @param tableVersion    the table's version after the run, or -1
 * @param message         the error or the reason, when there is one
 */
public record RunResult(String runId, Stage stage, Instant startedAt, String table, String source, RunStatus status,
                        long durationMs, long rowsIn, long rowsWritten, long rowsQuarantined, long rowsDuplicate,
                        Map<String, ExpectationCount> expectations, Map<String, Long> inputVersions, long tableVersion,
                        String message) {

    /** One rule's outcome in a run: its action ({@code warn}, {@code drop}, {@code fail}) and the rows that broke it. */
    public record ExpectationCount(String action, long failed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    // the event log's columns, by name
    private static final TableSchema SCHEMA = SystemTables.EVENT_LOG_SCHEMA;
    private static final int RUN_ID = SCHEMA.position("run_id");
    private static final int STAGE = SCHEMA.position("stage");
    private static final int TABLE = SCHEMA.position("table_name");
    private static final int SOURCE = SCHEMA.position("source");
    private static final int STATUS = SCHEMA.position("status");
    private static final int STARTED_AT = SCHEMA.position("started_at");
    private static final int DURATION_MS = SCHEMA.position("duration_ms");
    private static final int ROWS_IN = SCHEMA.position("rows_in");
    private static final int ROWS_WRITTEN = SCHEMA.position("rows_written");
    private static final int ROWS_QUARANTINED = SCHEMA.position("rows_quarantined");
    private static final int ROWS_DUPLICATE = SCHEMA.position("rows_duplicate");
    private static final int EXPECTATIONS = SCHEMA.position("expectations");
    private static final int TABLE_VERSION = SCHEMA.position("table_version");
    private static final int MESSAGE = SCHEMA.position("message");
    private static final int INPUT_VERSIONS = SCHEMA.position("input_versions");

    public RunResult {
        expectations = Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
        inputVersions = Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
    }

    public boolean failed() {
        return status == RunStatus.FAILED;
    }

    /** Rows that broke the named rule (0 when none did). */
    public long expectationFailures(String name) {
        ExpectationCount e = expectations.get(name);
        return e == null ? 0 : e.failed();
    }

    /** The same result with another message (a note added after the run was recorded, e.g. a file not moved). */
    public RunResult withMessage(String newMessage) {
        return new RunResult(runId, stage, startedAt, table, source, status, durationMs, rowsIn, rowsWritten,
                rowsQuarantined, rowsDuplicate, expectations, inputVersions, tableVersion, newMessage);
    }

    /** in = written + quarantined + duplicate: every record read is accounted for (a rejected run writes none). */
    public boolean accountedFor() {
        return status == RunStatus.REJECTED || status == RunStatus.FAILED
                || rowsIn == rowsWritten + rowsQuarantined + rowsDuplicate;
    }

    /** A map as one JSON object (records as objects of their fields), or null when empty. */
    private static String json(Map<String, ?> m) {
        if (m.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a run's " + m + " as JSON", e);
        }
    }

    private static <T> Map<String, T> map(Object json, TypeReference<LinkedHashMap<String, T>> type) {
        if (json == null) {
            return Map.of(); // rows older than the column, or a run without any
        }
        try {
            return JSON.readValue((String) json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable JSON in the event log: " + json, e);
        }
    }

    /** The event log row, in {@link SystemTables#EVENT_LOG_SCHEMA} order. */
    public Object[] toRow() {
        Object[] r = new Object[SCHEMA.size()];
        r[RUN_ID] = runId;
        r[STAGE] = stage.label();
        r[TABLE] = table;
        r[SOURCE] = source;
        r[STATUS] = status.label();
        r[STARTED_AT] = startedAt;
        r[DURATION_MS] = durationMs;
        r[ROWS_IN] = rowsIn;
        r[ROWS_WRITTEN] = rowsWritten;
        r[ROWS_QUARANTINED] = rowsQuarantined;
        r[ROWS_DUPLICATE] = rowsDuplicate;
        r[EXPECTATIONS] = json(expectations);
        r[TABLE_VERSION] = tableVersion;
        r[MESSAGE] = message;
        r[INPUT_VERSIONS] = json(inputVersions);
        return r;
    }

    /** A row read from the event log (older rows lack {@code input_versions}: none). */
    public static RunResult fromRow(Object[] r) {
        return new RunResult((String) r[RUN_ID], Stage.of((String) r[STAGE]), (Instant) r[STARTED_AT],
                (String) r[TABLE], (String) r[SOURCE], RunStatus.of((String) r[STATUS]), longOr(r[DURATION_MS], 0),
                longOr(r[ROWS_IN], 0), longOr(r[ROWS_WRITTEN], 0), longOr(r[ROWS_QUARANTINED], 0),
                longOr(r[ROWS_DUPLICATE], 0), map(r[EXPECTATIONS], new TypeReference<>() { }),
                map(r[INPUT_VERSIONS], new TypeReference<>() { }), longOr(r[TABLE_VERSION], -1), (String) r[MESSAGE]);
    }

    private static long longOr(Object v, long dflt) {
        return v == null ? dflt : (Long) v;
    }

    @Override
    public String toString() {
        return stage + " " + (source == null ? "" : source) + " -> " + table + ": " + status + ", " + rowsIn + " in, "
                + rowsWritten + " written, " + rowsQuarantined + " quarantined"
                + (rowsDuplicate > 0 ? ", " + rowsDuplicate + " duplicate" : "")
                + (message == null ? "" : " (" + message + ")");
    }
}
